import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestRepo } from '../helpers/hub-write.js';
import { runHfApiSnippet } from '../helpers/python-hf.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

const HELPERS = `
def view(c):
    return {'slug': c.slug, 'title': c.title, 'owner': c.owner['name'], 'description': c.description, 'private': c.private,
            'theme': c.theme, 'position': c.position, 'url': c.url,
            'items': [[i.item_type, i.item_id, i.position, i.note] for i in c.items]}
`;

/**
 * Runs a Python snippet that prints `out` as JSON. In scope: `api` (HfApi, alice's token), `tokens`,
 * `status(fn)` ([HTTP status, X-Error-Code] of a call) and `view(c)` (a Collection as plain values).
 */
function runPython(server: TestServer, code: string, tokens: Record<string, string> = {}): Promise<Record<string, unknown>> {
  return runHfApiSnippet(server, code, { tokens, helpers: HELPERS });
}

function userWithToken(server: TestServer, name: string, role: 'read' | 'write' = 'write'): string {
  server.core.accounts.createUser(name);
  return server.core.accounts.createToken(name, { role, displayName: name });
}

const SLUG = /^alice\/([a-z0-9-]+-)?[0-9a-f]{24}$/;

describe('collections, driven by huggingface_hub (Python)', () => {
  it('creates a collection, adds, notes, moves and removes items, and keeps old slugs working after a new title', async (t) => {
    const server = await startServer(t);
    createTestRepo(server, 'm1');
    createTestRepo(server, 'd1', { type: 'dataset' });
    createTestRepo(server, 's1', { type: 'space' });
    const out = await runPython(server, `
c = api.create_collection('ICCV 2023: best models', description='What I showed')
out['created'] = view(c)
out['duplicate'] = status(lambda: api.create_collection('ICCV 2023: best models'))
out['exists_ok'] = api.create_collection('ICCV 2023: best models', exists_ok=True).slug
c = api.add_collection_item(c.slug, 'alice/m1', 'model', note='The first one')
c = api.add_collection_item(c.slug, 'alice/d1', 'dataset')
c = api.add_collection_item(c.slug, 'alice/s1', 'space', note='A demo')
out['added'] = view(c)['items']
out['again'] = status(lambda: api.add_collection_item(c.slug, 'alice/m1', 'model'))
out['again_ok'] = len(api.add_collection_item(c.slug, 'alice/m1', 'model', exists_ok=True).items)
out['missing_repo'] = status(lambda: api.add_collection_item(c.slug, 'alice/nope', 'model'))
out['paper'] = status(lambda: api.add_collection_item(c.slug, '2307.09288', 'paper'))
last = c.items[-1]
api.update_collection_item(c.slug, last.item_object_id, note='The demo', position=0)
out['moved'] = view(api.get_collection(c.slug))['items']
old_slug = c.slug
u = api.update_collection_metadata(c.slug, title='ICCV Oct. 2023', description='Updated', theme='pink')
out['renamed'] = view(u)
out['old_slug'] = view(api.get_collection(old_slug))['slug']
api.delete_collection_item(u.slug, c.items[0].item_object_id)
out['deleted_item'] = view(api.get_collection(u.slug))['items']
out['delete_again'] = status(lambda: api.delete_collection_item(u.slug, c.items[0].item_object_id))
api.delete_collection_item(u.slug, c.items[0].item_object_id, missing_ok=True)
other = api.create_collection('Second')
api.update_collection_metadata(other.slug, position=0)
out['positions'] = [view(api.get_collection(s))['position'] for s in (u.slug, other.slug)]
api.add_collection_item(other.slug, u.slug, 'collection', note='See also')
out['nested'] = view(api.get_collection(other.slug))['items']
out['listed'] = [[x.title, len(x.items)] for x in api.list_collections(owner='alice')]
out['by_item'] = [x.title for x in api.list_collections(item='datasets/alice/d1')]
out['by_missing_item'] = [x.title for x in api.list_collections(item='models/alice/nope')]
api.delete_collection(u.slug)
out['deleted'] = status(lambda: api.get_collection(u.slug))
out['nested_after'] = view(api.get_collection(other.slug))['items']
out['delete_missing'] = status(lambda: api.delete_collection(u.slug))
api.delete_collection(u.slug, missing_ok=True)
`);
    const created = out.created as Record<string, unknown>;
    assert.match(String(created.slug), SLUG);
    assert.ok(String(created.slug).startsWith('alice/iccv-2023-best-models-'), String(created.slug));
    assert.equal(created.title, 'ICCV 2023: best models');
    assert.equal(created.owner, 'alice');
    assert.equal(created.description, 'What I showed');
    assert.equal(created.private, false);
    assert.deepEqual(created.items, []);
    assert.equal(created.url, `${server.url}/collections/${String(created.slug)}`);
    assert.deepEqual(out.duplicate, [409, 'Conflict']);
    assert.equal(out.exists_ok, created.slug, 'exists_ok finds the existing collection by the slug in the 409');
    assert.deepEqual(out.added, [
      ['model', 'alice/m1', 0, 'The first one'],
      ['dataset', 'alice/d1', 1, null],
      ['space', 'alice/s1', 2, 'A demo'],
    ]);
    assert.deepEqual(out.again, [409, 'Conflict']);
    assert.equal(out.again_ok, 3);
    assert.deepEqual(out.missing_repo, [404, 'RepoNotFound']);
    assert.deepEqual(out.paper, [400, 'BadRequest']);
    assert.deepEqual(out.moved, [
      ['space', 'alice/s1', 0, 'The demo'],
      ['model', 'alice/m1', 1, 'The first one'],
      ['dataset', 'alice/d1', 2, null],
    ]);
    const renamed = out.renamed as Record<string, unknown>;
    assert.equal(renamed.title, 'ICCV Oct. 2023');
    assert.equal(renamed.description, 'Updated');
    assert.equal(renamed.theme, 'pink');
    const id = String(created.slug).slice(-24);
    assert.equal(renamed.slug, `alice/iccv-oct-2023-${id}`, 'the slug follows the title and keeps its id');
    assert.equal(out.old_slug, renamed.slug, 'the old slug still resolves');
    assert.deepEqual(out.deleted_item, [
      ['space', 'alice/s1', 0, 'The demo'],
      ['dataset', 'alice/d1', 1, null],
    ], 'positions close the gap');
    assert.deepEqual(out.delete_again, [404, 'NotFound']);
    assert.deepEqual(out.positions, [1, 0]);
    assert.deepEqual(out.nested, [['collection', renamed.slug, 0, 'See also']]);
    assert.deepEqual(out.listed, [['Second', 1], ['ICCV Oct. 2023', 2]], 'newest change first');
    assert.deepEqual(out.by_item, ['ICCV Oct. 2023']);
    assert.deepEqual(out.by_missing_item, []);
    assert.deepEqual(out.deleted, [404, 'NotFound']);
    assert.deepEqual(out.nested_after, [], 'a deleted collection leaves the collections that held it');
    assert.deepEqual(out.delete_missing, [404, 'NotFound']);
  });

  it('shows private collections and private items to their owner only, and lets only the owner change them', async (t) => {
    const server = await startServer(t);
    createTestRepo(server, 'm1');
    createTestRepo(server, 'secret', { private: true });
    const tokens = { bob: userWithToken(server, 'bob'), aliceRead: server.core.accounts.createToken('alice', { role: 'read', displayName: 'read' }) };
    const out = await runPython(server, `
public = api.create_collection('Public picks')
api.add_collection_item(public.slug, 'alice/m1', 'model')
api.add_collection_item(public.slug, 'alice/secret', 'model', note='only for me')
hidden = api.create_collection('Hidden picks', private=True)
out['owner_sees'] = [view(api.get_collection(public.slug))['items'], view(api.get_collection(hidden.slug))['private']]
out['bob_public'] = view(api.get_collection(public.slug, token=tokens['bob']))['items']
out['anonymous_public'] = view(api.get_collection(public.slug, token=False))['items']
out['bob_hidden'] = status(lambda: api.get_collection(hidden.slug, token=tokens['bob']))
out['anonymous_hidden'] = status(lambda: api.get_collection(hidden.slug, token=False))
out['owner_list'] = sorted(x.title for x in api.list_collections(owner='alice'))
out['bob_list'] = [x.title for x in api.list_collections(owner='alice', token=tokens['bob'])]
out['anonymous_list'] = [x.title for x in api.list_collections(token=False)]
out['bob_by_secret'] = [x.title for x in api.list_collections(item='models/alice/secret', token=tokens['bob'])]
out['bob_update'] = status(lambda: api.update_collection_metadata(public.slug, title='Mine now', token=tokens['bob']))
out['bob_add'] = status(lambda: api.add_collection_item(public.slug, 'alice/m1', 'model', exists_ok=False, token=tokens['bob']))
out['bob_item'] = status(lambda: api.update_collection_item(public.slug, public.items[0].item_object_id if public.items else '0', note='x', token=tokens['bob']))
out['bob_delete'] = status(lambda: api.delete_collection(public.slug, token=tokens['bob']))
out['bob_hidden_delete'] = status(lambda: api.delete_collection(hidden.slug, token=tokens['bob']))
out['bob_in_alice'] = status(lambda: api.create_collection('Sneaky', namespace='alice', token=tokens['bob']))
out['anonymous_create'] = status(lambda: api.create_collection('Nobody', namespace='alice', token=False))
out['read_token_update'] = status(lambda: api.update_collection_metadata(public.slug, title='Read only', token=tokens['aliceRead']))
out['bob_secret_item'] = status(lambda: api.add_collection_item(api.create_collection('Bob picks', token=tokens['bob']).slug, 'alice/secret', 'model', token=tokens['bob']))
out['wrong_owner'] = status(lambda: api.get_collection('bob/' + public.slug.split('/')[1]))
out['made_public'] = view(api.update_collection_metadata(hidden.slug, private=False))['private']
out['bob_sees_now'] = view(api.get_collection(hidden.slug, token=tokens['bob']))['title']
`, tokens);
    assert.deepEqual(out.owner_sees, [[['model', 'alice/m1', 0, null], ['model', 'alice/secret', 1, 'only for me']], true]);
    assert.deepEqual(out.bob_public, [['model', 'alice/m1', 0, null]], 'a private repo in a public collection stays hidden');
    assert.deepEqual(out.anonymous_public, [['model', 'alice/m1', 0, null]]);
    assert.deepEqual(out.bob_hidden, [404, 'NotFound']);
    assert.deepEqual(out.anonymous_hidden, [404, 'NotFound']);
    assert.deepEqual(out.owner_list, ['Hidden picks', 'Public picks']);
    assert.deepEqual(out.bob_list, ['Public picks']);
    assert.deepEqual(out.anonymous_list, ['Public picks']);
    assert.deepEqual(out.bob_by_secret, [], 'filtering by a repo bob cannot see tells him nothing');
    assert.deepEqual(out.bob_update, [403, 'Forbidden']);
    assert.deepEqual(out.bob_add, [403, 'Forbidden']);
    assert.deepEqual(out.bob_item, [403, 'Forbidden']);
    assert.deepEqual(out.bob_delete, [403, 'Forbidden']);
    assert.deepEqual(out.bob_hidden_delete, [404, 'NotFound']);
    assert.deepEqual(out.bob_in_alice, [403, 'Forbidden']);
    assert.deepEqual(out.anonymous_create, [401, 'Unauthorized']);
    assert.deepEqual(out.read_token_update, [403, 'Forbidden']);
    assert.deepEqual(out.bob_secret_item, [404, 'RepoNotFound']);
    assert.deepEqual(out.wrong_owner, [404, 'NotFound']);
    assert.equal(out.made_public, false);
    assert.equal(out.bob_sees_now, 'Hidden picks');
  });

  it('lets an organisation\'s writers manage its collections and its members read its private ones', async (t) => {
    const server = await startServer(t);
    const tokens = { bob: userWithToken(server, 'bob'), carol: userWithToken(server, 'carol') };
    server.core.accounts.createOrg('acme');
    server.core.accounts.addMember('acme', 'bob', 'write');
    server.core.accounts.addMember('acme', 'carol', 'read');
    const out = await runPython(server, `
c = api.create_collection('Team picks', namespace='acme', private=True, token=tokens['bob'])
out['slug'] = c.slug
out['owner'] = [c.owner['name'], c.owner['type']]
out['carol_reads'] = api.get_collection(c.slug, token=tokens['carol']).title
out['carol_changes'] = status(lambda: api.update_collection_metadata(c.slug, title='Mine', token=tokens['carol']))
out['carol_creates'] = status(lambda: api.create_collection('Carol picks', namespace='acme', token=tokens['carol']))
out['alice_reads'] = status(lambda: api.get_collection(c.slug))
out['bob_renames'] = api.update_collection_metadata(c.slug, title='Team favourites', token=tokens['bob']).title
`, tokens);
    assert.match(String(out.slug), /^acme\/team-picks-[0-9a-f]{24}$/);
    assert.deepEqual(out.owner, ['acme', 'org']);
    assert.equal(out.carol_reads, 'Team picks');
    assert.deepEqual(out.carol_changes, [403, 'Forbidden']);
    assert.deepEqual(out.carol_creates, [403, 'Forbidden']);
    assert.deepEqual(out.alice_reads, [404, 'NotFound']);
    assert.equal(out.bob_renames, 'Team favourites');
  });

  it('lists every page of collections through the Link header, and stops at the limit', async (t) => {
    const server = await startServer(t);
    for (let i = 0; i < 130; i += 1) server.core.store.collections.create({ owner: 'alice', title: `Picks ${i}`, private: i % 10 === 0 });
    const tokens = { bob: userWithToken(server, 'bob') };
    const out = await runPython(server, `
out['owner'] = len(list(api.list_collections(owner='alice')))
out['bob'] = len(list(api.list_collections(owner='alice', token=tokens['bob'])))
out['limited'] = len(list(api.list_collections(owner='alice', limit=7)))
out['distinct'] = len({c.slug for c in api.list_collections(owner='alice')})
`, tokens);
    assert.deepEqual(out, { owner: 130, bob: 117, limited: 7, distinct: 130 });
  });
});
