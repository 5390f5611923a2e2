import type { Role } from '@ehc/contracts';

/** Who is asking: set on the request by the authentication guard. Ids only; never a child's data. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  teamId: string | null;
  sessionId: string;
  /** When this session ends unless it is used again (idle or absolute limit), ISO; sent as X-Session-Ends-At. */
  sessionEndsAt?: string;
}
