import type { Kysely } from 'kysely';

// Frozen migration: never import application code here.
//
// Indexes that serve a list page in its sort order inside one organization, so page 1 of an organization with a
// million instruments reads a page of index entries instead of sorting the organization: the instrument list
// sorts by its column then id (by status or category then serial number and id), the due list by due date then id
// (status inside the index, so other statuses are skipped without reading the row). On SQLite the rowid is the
// last column of every index anyway; PostgreSQL needs `id` spelled out. The status refresh drops and rebuilds the
// ones over status columns when it rewrites many rows.

const INDEXES: [string, string[]][] = [
  ['instruments_org_serial', ['org_id', 'serial_no', 'id']],
  ['instruments_org_status_serial', ['org_id', 'status', 'serial_no', 'id']],
  ['instruments_org_valid_until', ['org_id', 'valid_until', 'id']],
  ['instruments_org_updated', ['org_id', 'updated_at', 'id']],
  ['instruments_org_install', ['org_id', 'install_date', 'id']],
  ['instruments_org_due', ['org_id', 'due_date', 'id', 'status']],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, columns] of INDEXES) await db.schema.createIndex(name).on('instruments').columns(columns).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).ifExists().execute();
}
