import type { Routes } from '@angular/router';
import { allowRoles, roleHome } from './core/role-guard';

// One guard list per set of roles, shared by its routes (one guard each, not one per route, in the initial JavaScript).
const caseworkers = [allowRoles('caseworker', 'team-manager')];
const letterEditors = [allowRoles('admin', 'team-manager')];
// The api serves the queue to team managers only (it is their team's queue).
const teamManagers = [allowRoles('team-manager')];
const boardReaders = [allowRoles('board', 'team-manager', 'admin')];
const returnMakers = [allowRoles('team-manager', 'admin')];
const admins = [allowRoles('admin')];

export const routes: Routes = [
  { path: '', pathMatch: 'full', canActivate: [roleHome], children: [] },
  {
    path: 'sign-in',
    title: 'Sign in',
    loadComponent: () => import('./sign-in/sign-in.page'),
  },
  {
    path: 'caseload',
    title: 'Your caseload',
    canActivate: caseworkers,
    loadComponent: () => import('./caseload/caseload.page'),
  },
  {
    path: 'my-work',
    title: 'My work',
    canActivate: caseworkers,
    loadComponent: () => import('./my-work/my-work.page'),
  },
  {
    path: 'cases/new',
    title: 'New request for an EHC needs assessment',
    canActivate: caseworkers,
    loadComponent: () => import('./cases/new-case.page'),
  },
  {
    path: 'cases/transfer-in',
    title: 'Record a plan transferred in from another council',
    canActivate: caseworkers,
    loadComponent: () => import('./cases/transfer-in.page'),
  },
  {
    path: 'cases/:id',
    title: 'Case',
    canActivate: caseworkers,
    loadComponent: () => import('./cases/case.page'),
  },
  {
    path: 'cases/:id/child/change',
    title: 'Correct the child’s details',
    canActivate: caseworkers,
    loadComponent: () => import('./cases/correct-child.page'),
  },
  {
    path: 'cases/:id/history/:eventId/change',
    title: 'Correct the case history',
    canActivate: caseworkers,
    loadComponent: () => import('./cases/correct-entry.page'),
  },
  {
    path: 'persons',
    title: 'Find a child',
    canActivate: caseworkers,
    loadComponent: () => import('./persons/person-search.page'),
  },
  {
    path: 'persons/new',
    title: 'Create a child’s record',
    canActivate: caseworkers,
    loadComponent: () => import('./persons/new-person.page'),
  },
  {
    path: 'persons/:id/edit',
    title: 'Correct the child’s details',
    canActivate: caseworkers,
    // The same journey as a case's "Correct the child's details", with a reason (docs/casework.md).
    data: { subject: 'person' },
    loadComponent: () => import('./cases/correct-child.page'),
  },
  {
    path: 'persons/:id',
    title: 'Child’s record',
    canActivate: caseworkers,
    loadComponent: () => import('./persons/person.page'),
  },
  {
    path: 'letter-templates',
    title: 'Letter templates',
    canActivate: letterEditors,
    loadComponent: () => import('./casework/letter-templates.page'),
  },
  {
    path: 'queue',
    title: 'Deadline queue',
    canActivate: teamManagers,
    loadComponent: () => import('./queue/deadline-queue.page'),
  },
  {
    path: 'alerts',
    title: 'Alerts',
    canActivate: caseworkers,
    loadComponent: () => import('./alerts/alerts.page'),
  },
  {
    path: 'board',
    title: 'EHC plan timeliness',
    canActivate: boardReaders,
    loadComponent: () => import('./board/board.page'),
  },
  {
    path: 'admin/teams',
    title: 'Teams',
    canActivate: admins,
    loadComponent: () => import('./admin/teams-admin.page'),
  },
  {
    path: 'board/plans',
    title: 'Plans maintained: settings, reviews and transfers',
    canActivate: boardReaders,
    loadComponent: () => import('./board/plans.page'),
  },
  {
    path: 'returns/sen2',
    title: 'SEN2 return',
    canActivate: returnMakers,
    loadComponent: () => import('./returns/sen2.page'),
  },
  {
    path: 'admin',
    title: 'Administration',
    canActivate: admins,
    loadComponent: () => import('./admin/admin.page'),
  },
  {
    path: 'admin/retention',
    title: 'Retention review',
    canActivate: admins,
    loadComponent: () => import('./admin/retention-review.page'),
  },
  { path: '**', title: 'Page not found', loadComponent: () => import('./not-found.page') },
];
