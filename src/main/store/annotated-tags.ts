import type { Db } from '../db/index.js';

/**
 * Annotated tag objects (from git push) and which tag ref shows which one. The ref itself names
 * the commit the tag peels to, so every other reader sees a plain tag; git sees the tag object.
 */
export function createAnnotatedTags(db: Db) {
  const put = db.prepare<[string, string, Uint8Array, number]>(
    'INSERT INTO git_tags (oid, target_oid, raw, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (oid) DO UPDATE SET created_at = excluded.created_at',
  );
  const get = db.prepare<[string], { target_oid: string; raw: Buffer }>('SELECT target_oid, raw FROM git_tags WHERE oid = ?');
  const list = db.prepare<[number], { ref_name: string; tag_oid: string; target_oid: string; commit_oid: string }>(
    `SELECT a.ref_name, a.tag_oid, t.target_oid, r.commit_oid FROM repo_annotated_tags a
       JOIN git_tags t ON t.oid = a.tag_oid JOIN refs r ON r.repo_id = a.repo_id AND r.name = a.ref_name
      WHERE a.repo_id = ?`,
  );
  const link = db.prepare<[number, string, string]>(
    'INSERT INTO repo_annotated_tags (repo_id, ref_name, tag_oid) VALUES (?, ?, ?) ON CONFLICT (repo_id, ref_name) DO UPDATE SET tag_oid = excluded.tag_oid',
  );
  const unlink = db.prepare<[number, string]>('DELETE FROM repo_annotated_tags WHERE repo_id = ? AND ref_name = ?');
  return {
    put: (oid: string, target: string, raw: Uint8Array, now: number): void => void put.run(oid, target, raw, now),
    get: (oid: string): { target: string; raw: Buffer } | undefined => {
      const row = get.get(oid);
      return row ? { target: row.target_oid, raw: row.raw } : undefined;
    },
    /** Tag ref name -> its tag object, for refs that still name the commit their tag peels to. */
    ofRepo(repoId: number): Map<string, string> {
      return new Map(list.all(repoId).filter((row) => row.target_oid === row.commit_oid).map((row) => [row.ref_name, row.tag_oid]));
    },
    /** Sets (tag oid) or clears (undefined) the tag object a ref shows. */
    setRef(repoId: number, refName: string, tagOid: string | undefined): void {
      if (tagOid === undefined) unlink.run(repoId, refName);
      else link.run(repoId, refName, tagOid);
    },
  };
}

export type AnnotatedTags = ReturnType<typeof createAnnotatedTags>;
