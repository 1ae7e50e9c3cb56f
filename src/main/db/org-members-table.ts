import type { Role } from '../../shared/roles.js';
import type { Db } from './open-database.js';
import type { AccountRecord } from './users-table.js';

export interface OrgMembershipRecord {
  readonly org: AccountRecord;
  readonly role: Role;
}

export interface OrgMembersTable {
  /** Adds the member, or changes the role of an existing one. */
  upsert(orgId: number, userId: number, role: Role): void;
  remove(orgId: number, userId: number): boolean;
  roleOf(orgId: number, userId: number): Role | undefined;
  /** The orgs a user belongs to, by org name. */
  orgsOf(userId: number): OrgMembershipRecord[];
}

interface OrgRow {
  id: number;
  name: string;
  fullname: string;
  email: string | null;
  created_at: number;
  role: Role;
}

export function createOrgMembersTable(db: Db): OrgMembersTable {
  const upsert = db.prepare<[number, number, Role]>(
    'INSERT INTO org_members (org_id, user_id, role) VALUES (?, ?, ?) ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role',
  );
  const remove = db.prepare<[number, number]>('DELETE FROM org_members WHERE org_id = ? AND user_id = ?');
  const roleOf = db.prepare<[number, number], { role: Role }>('SELECT role FROM org_members WHERE org_id = ? AND user_id = ?');
  const orgsOf = db.prepare<[number], OrgRow>(
    `SELECT u.id, u.name, u.fullname, u.email, u.created_at, m.role
       FROM org_members m JOIN users u ON u.id = m.org_id
      WHERE m.user_id = ? ORDER BY u.name COLLATE NOCASE`,
  );

  return {
    upsert: (orgId, userId, role) => {
      upsert.run(orgId, userId, role);
    },
    remove: (orgId, userId) => remove.run(orgId, userId).changes > 0,
    roleOf: (orgId, userId) => roleOf.get(orgId, userId)?.role,
    orgsOf: (userId) =>
      orgsOf.all(userId).map((row) => ({
        org: { id: row.id, name: row.name, fullname: row.fullname, email: row.email, kind: 'org', createdAt: row.created_at },
        role: row.role,
      })),
  };
}
