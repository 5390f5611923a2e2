import type { Routes } from '@angular/router';
import { allowRoles, roleHome } from './core/role-guard';

export const routes: Routes = [
  { path: '', pathMatch: 'full', canActivate: [roleHome], children: [] },
  {
    path: 'sign-in',
    title: 'Sign in',
    loadComponent: () => import('./sign-in/sign-in.page').then((m) => m.SignInPage),
  },
  {
    path: 'caseload',
    title: 'Your caseload',
    canActivate: [allowRoles('caseworker', 'team-manager')],
    loadComponent: () => import('./caseload/caseload.page').then((m) => m.CaseloadPage),
  },
  {
    path: 'my-work',
    title: 'My work',
    canActivate: [allowRoles('caseworker', 'team-manager')],
    loadComponent: () => import('./my-work/my-work.page').then((m) => m.MyWorkPage),
  },
  {
    path: 'cases/new',
    title: 'New request for an EHC needs assessment',
    canActivate: [allowRoles('caseworker', 'team-manager')],
    loadComponent: () => import('./cases/new-case.page').then((m) => m.NewCasePage),
  },
  {
    path: 'cases/transfer-in',
    title: 'Record a plan transferred in from another council',
    canActivate: [allowRoles('caseworker', 'team-manager')],
    loadComponent: () => import('./cases/transfer-in.page').then((m) => m.TransferInPage),
  },
  {
    path: 'cases/:id',
    title: 'Case',
    canActivate: [allowRoles('caseworker', 'team-manager')],
    loadComponent: () => import('./cases/case.page').then((m) => m.CasePage),
  },
  {
    path: 'cases/:id/child/change',
    title: 'Correct the child’s details',
    canActivate: [allowRoles('caseworker', 'team-manager')],
    loadComponent: () => import('./cases/correct-child.page').then((m) => m.CorrectChildPage),
  },
  {
    path: 'cases/:id/history/:eventId/change',
    title: 'Correct the case history',
    canActivate: [allowRoles('caseworker', 'team-manager')],
    loadComponent: () => import('./cases/correct-entry.page').then((m) => m.CorrectEntryPage),
  },
  {
    path: 'persons',
    title: 'Find a child',
    canActivate: [allowRoles('caseworker', 'team-manager')],
    loadComponent: () => import('./persons/person-search.page').then((m) => m.PersonSearchPage),
  },
  {
    path: 'persons/new',
    title: 'Create a child’s record',
    canActivate: [allowRoles('caseworker', 'team-manager')],
    loadComponent: () => import('./persons/new-person.page').then((m) => m.NewPersonPage),
  },
  {
    path: 'persons/:id/edit',
    title: 'Correct the child’s details',
    canActivate: [allowRoles('caseworker', 'team-manager')],
    // The same journey as a case's "Correct the child's details", with a reason (docs/casework.md).
    data: { subject: 'person' },
    loadComponent: () => import('./cases/correct-child.page').then((m) => m.CorrectChildPage),
  },
  {
    path: 'persons/:id',
    title: 'Child’s record',
    canActivate: [allowRoles('caseworker', 'team-manager')],
    loadComponent: () => import('./persons/person.page').then((m) => m.PersonPage),
  },
  {
    path: 'letter-templates',
    title: 'Letter templates',
    canActivate: [allowRoles('admin', 'team-manager')],
    loadComponent: () => import('./casework/letter-templates.page').then((m) => m.LetterTemplatesPage),
  },
  {
    path: 'queue',
    title: 'Deadline queue',
    // The api serves the queue to team managers only (it is their team's queue).
    canActivate: [allowRoles('team-manager')],
    loadComponent: () => import('./queue/deadline-queue.page').then((m) => m.DeadlineQueuePage),
  },
  {
    path: 'alerts',
    title: 'Alerts',
    canActivate: [allowRoles('caseworker', 'team-manager')],
    loadComponent: () => import('./alerts/alerts.page').then((m) => m.AlertsPage),
  },
  {
    path: 'board',
    title: 'EHC plan timeliness',
    canActivate: [allowRoles('board', 'team-manager', 'admin')],
    loadComponent: () => import('./board/board.page').then((m) => m.BoardPage),
  },
  {
    path: 'admin/teams',
    title: 'Teams',
    canActivate: [allowRoles('admin')],
    loadComponent: () => import('./admin/teams-admin.page').then((m) => m.TeamsAdminPage),
  },
  {
    path: 'board/plans',
    title: 'Plans maintained: settings, reviews and transfers',
    canActivate: [allowRoles('board', 'team-manager', 'admin')],
    loadComponent: () => import('./board/plans.page').then((m) => m.PlansPage),
  },
  {
    path: 'returns/sen2',
    title: 'SEN2 return',
    canActivate: [allowRoles('team-manager', 'admin')],
    loadComponent: () => import('./returns/sen2.page').then((m) => m.Sen2Page),
  },
  {
    path: 'admin',
    title: 'Administration',
    canActivate: [allowRoles('admin')],
    loadComponent: () => import('./admin/admin.page').then((m) => m.AdminPage),
  },
  {
    path: 'admin/retention',
    title: 'Retention review',
    canActivate: [allowRoles('admin')],
    loadComponent: () => import('./admin/retention-review.page').then((m) => m.RetentionReviewPage),
  },
  { path: '**', title: 'Page not found', loadComponent: () => import('./not-found.page').then((m) => m.NotFoundPage) },
];
