// Who is asking, and what they may see: users see their own jobs; admins see everything. Another user's object is
// reported as not found, never as forbidden, so ids do not leak existence.

export interface Viewer {
  userId: string;
  isAdmin: boolean;
}

export function canSee(viewer: Viewer, owner: { userId: string }): boolean {
  return viewer.isAdmin || owner.userId === viewer.userId;
}

/** Prisma `where` fragment limiting rows to what the viewer may see. */
export function visibleJobs(viewer: Viewer): { userId?: string } {
  return viewer.isAdmin ? {} : { userId: viewer.userId };
}
