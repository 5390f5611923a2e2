import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef, type Type } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { settle } from './settle';

/** A page that opens a case (cases/case-opening-form.ts), rendered with one team to choose ("North team", t1). */
export async function renderCaseOpening<T>(page: Type<T>) {
  TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
  const fixture = TestBed.createComponent(page);
  const http = TestBed.inject(HttpTestingController);
  TestBed.tick();
  http.expectOne('/api/teams').flush([{ id: 't1', name: 'North team' }]);
  await TestBed.inject(ApplicationRef).whenStable();
  await settle(fixture);
  return { fixture, el: fixture.nativeElement as HTMLElement, http };
}
