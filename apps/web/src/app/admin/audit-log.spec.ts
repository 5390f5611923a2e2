import { actionText } from './audit-log';

describe('audit log actions in words', () => {
  it('names each action as an admin would say it, with the step recorded on a case', () => {
    expect(actionText({ action: 'case.read', detail: {} })).toBe('Opened a case');
    expect(actionText({ action: 'case.write', detail: { eventType: 'DecidedToAssess', method: 'POST' } })).toBe(
      'Recorded a step on a case: Decided to assess',
    );
    expect(actionText({ action: 'auth.login-failed', detail: {} })).toBe('Sign-in failed');
  });

  it('names the casework actions, and a refusal as the action refused', () => {
    expect(actionText({ action: 'case.read-notes', detail: {} })).toBe('Read a case’s notes');
    expect(actionText({ action: 'person.read', detail: {} })).toBe('Opened a child’s record');
    expect(actionText({ action: 'case.read-refused', detail: {} })).toBe('Refused: opened a case');
    expect(actionText({ action: 'person.export-refused', detail: {} })).toBe(
      'Refused: a child’s information (subject access)',
    );
  });

  it('still reads an action it does not know without its dots and dashes', () => {
    expect(actionText({ action: 'admin.report.export', detail: {} })).toBe('Admin report export');
  });
});
