import { type ComponentFixture, TestBed } from '@angular/core/testing';

/** Lets pending promise chains (HTTP → signal updates) finish, then waits for rendering. */
export async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
  }
}

/** Like settle, but never waits for stability: use while a request is still open (stability would never come). */
export async function tickWhilePending(ticks = 3): Promise<void> {
  for (let i = 0; i < ticks; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    TestBed.tick();
  }
}
