// Every migration, in order. Listed explicitly (no glob) so the compiled app and the tests load the same set.
import { CaseEventLog1764000000000 } from './1764000000000-case-event-log.js';

export const migrations = [CaseEventLog1764000000000];
