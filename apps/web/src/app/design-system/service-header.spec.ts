import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { settle } from '../../testing/settle';
import { type NavItem, ServiceHeader } from './service-header';

@Component({ template: '' })
class Blank {}

const ITEMS: NavItem[] = [
  { link: '/caseload', text: 'Caseload' },
  { link: '/board', text: 'Board report' },
  { link: '/board/plans', text: 'Plans maintained', suffix: '(2 new)' },
];

async function headerAt(url: string) {
  TestBed.configureTestingModule({
    providers: [provideRouter([{ path: '**', component: Blank }])],
  });
  const fixture = TestBed.createComponent(ServiceHeader);
  fixture.componentRef.setInput('serviceName', 'EHC assessments');
  fixture.componentRef.setInput('items', ITEMS);
  await TestBed.inject(Router).navigateByUrl(url);
  await settle(fixture);
  const el = fixture.nativeElement as HTMLElement;
  const active = [...el.querySelectorAll('.govuk-service-navigation__item--active')].map((li) =>
    li.textContent?.replace(/\s+/g, ' ').trim(),
  );
  const current = [...el.querySelectorAll('a[aria-current="page"]')].map((a) => a.getAttribute('href'));
  const bold = [...el.querySelectorAll('.govuk-service-navigation__active-fallback')].map((s) => s.textContent);
  return { active, current, bold };
}

describe('service header: the section on screen', () => {
  it('marks the section whose page is open, whatever its query, and no other', async () => {
    expect(await headerAt('/caseload?overdue=true&page=2')).toEqual({
      active: ['Caseload'],
      current: ['/caseload'],
      bold: ['Caseload'],
    });
  });

  it('marks a section on the pages below it too (the board report on /board/plans)', async () => {
    expect(await headerAt('/board/plans')).toEqual({
      active: ['Board report', 'Plans maintained (2 new)'],
      current: ['/board', '/board/plans'],
      bold: ['Board report', 'Plans maintained'],
    });
  });

  it('marks nothing on a page outside the sections', async () => {
    expect(await headerAt('/cases/c1')).toEqual({ active: [], current: [], bold: [] });
  });
});
