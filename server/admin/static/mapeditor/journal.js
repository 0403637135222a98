// The floor-map editor's journal: every change undoable and redoable.
import { api, ApiError } from '/static/common/api.js';
import { fill, toast } from '/static/common/dom.js';
import { msg } from '/static/common/i18n.js';
import { bi, both, refusal } from './words.js';

const UNDO_LIMIT = 50;
// What undo and redo say: map.undo.* and map.redo.* ({done, nothing, failed}).
const UNDO_WORDS = { done: 'map.undo.done', nothing: 'map.undo.nothing', failed: 'map.undo.failed' };
const REDO_WORDS = { done: 'map.redo.done', nothing: 'map.redo.nothing', failed: 'map.redo.failed' };

// Changes, undo and redo, and their keys (Ctrl+Z, Ctrl+Y).
export function journalPart(ed) {
  const { s, siteId, root, undoButton, redoButton, reload, call, say } = ed;
  // ---- changes, each undoable and redoable -----------------------------------------------------
  // A user's action runs as change(label, (ops) => ...), its label a catalog key (change.*):
  // every API call it makes through ops is recorded with its inverse and with how to make it
  // again. Undo applies the inverses newest first, Redo the calls again in order; each then
  // re-reads the map. A record made again gets a new id: `renamed` leads from each id it had
  // to the one it has now, so that every recorded step still finds it.
  const undoStack = [];
  const redoStack = [];
  const renamed = new Map();
  const live = (kind, id) => {
    while (id != null && renamed.has(`${kind}:${id}`)) id = renamed.get(`${kind}:${id}`);
    return id;
  };
  // A new record's id leads nowhere (SQLite may give it the id of a removed one).
  const fresh = (kind, id) => { renamed.delete(`${kind}:${id}`); return id; };
  const rename = (kind, oldId, newId) => {
    const current = live(kind, oldId);
    fresh(kind, newId);
    if (current !== newId) renamed.set(`${kind}:${current}`, newId);
  };
  const post = (path, body) => api(path, { method: 'POST', body });
  const remove = (path) => api(path, { method: 'DELETE' });
  const patch = (path, body) => api(path, { method: 'PATCH', body });
  const FEATURE_FIELDS = ['level_id', 'feature_type', 'category', 'names', 'x', 'y', 'outline', 'facing',
    'node_id', 'department_id', 'device_id', 'unit_id'];
  const featureBody = (f) => Object.fromEntries(FEATURE_FIELDS.map((k) => [k,
    k === 'node_id' ? live('node', f.node_id) : k === 'unit_id' ? live('feature', f.unit_id) : f[k]])
    .filter(([, v]) => v != null));
  const liveRefs = (values) => ({ ...values,
    ...('node_id' in values ? { node_id: live('node', values.node_id) } : {}),
    ...('unit_id' in values ? { unit_id: live('feature', values.unit_id) } : {}),
    ...('from_node' in values ? { from_node: live('node', values.from_node) } : {}),
    ...('to_node' in values ? { to_node: live('node', values.to_node) } : {}) });
  const nodePath = (id) => `/admin/maps/nodes/${live('node', id)}`;
  const edgePath = (id) => `/admin/maps/edges/${live('edge', id)}`;
  const featurePath = (id) => `/admin/maps/features/${live('feature', id)}`;

  async function recreateFeature(f, changes = {}) {
    const { feature } = await post(`/admin/maps/features?site_id=${siteId}`, { ...featureBody(f), ...changes });
    rename('feature', f.id, feature.id);
    return feature;
  }
  async function recreateEdge(e) {
    const { edge } = await post(`/admin/maps/edges?site_id=${siteId}`, liveRefs({ from_node: e.from_node,
      to_node: e.to_node, kind: e.kind, length_m: e.length_m, step_free: e.step_free }));
    rename('edge', e.id, edge.id);
  }

  function recorder(journal) {
    const record = (undo, redo) => journal.push({ undo, redo });
    return {
      async addNode(body) {
        const { node } = await call(`/admin/maps/nodes?site_id=${siteId}`, body);
        fresh('node', node.id);
        record(() => remove(nodePath(node.id)),
          async () => rename('node', node.id, (await post(`/admin/maps/nodes?site_id=${siteId}`, body)).node.id));
        s.map.nodes.push(node);
        return node;
      },
      async moveNode(node, x, y) {
        await call(`/admin/maps/nodes/${node.id}`, { x, y }, 'PATCH');
        const before = { x: node.x, y: node.y };
        record(() => patch(nodePath(node.id), before), () => patch(nodePath(node.id), { x, y }));
        Object.assign(node, { x, y });
      },
      async removeNode(node) {
        const edges = s.map.edges.filter((e) => e.from_node === node.id || e.to_node === node.id);
        const places = s.map.features.filter((f) => f.node_id === node.id);
        await call(`/admin/maps/nodes/${node.id}`, undefined, 'DELETE');
        record(async () => {
          const { node: back } = await post(`/admin/maps/nodes?site_id=${siteId}`, { level_id: node.level_id, x: node.x, y: node.y });
          rename('node', node.id, back.id);
          for (const e of edges) await recreateEdge(e);
          for (const f of places) await patch(featurePath(f.id), { node_id: back.id });
        }, () => remove(nodePath(node.id)));   // its lines go with it
      },
      async addEdge(body) {
        const { edge } = await call(`/admin/maps/edges?site_id=${siteId}`, body);
        fresh('edge', edge.id);
        record(() => remove(edgePath(edge.id)),
          async () => rename('edge', edge.id, (await post(`/admin/maps/edges?site_id=${siteId}`, liveRefs(body))).edge.id));
        s.map.edges.push(edge);
        return edge;
      },
      async changeEdge(edge, body) {
        await call(`/admin/maps/edges/${edge.id}`, body, 'PATCH');
        const before = Object.fromEntries(Object.keys(body).map((k) => [k, edge[k]]));
        record(() => patch(edgePath(edge.id), before), () => patch(edgePath(edge.id), body));
        Object.assign(edge, body);
      },
      async removeEdge(edge) {
        await call(`/admin/maps/edges/${edge.id}`, undefined, 'DELETE');
        record(() => recreateEdge(edge), () => remove(edgePath(edge.id)));
      },
      async splitEdge(edge, x, y) {
        const split = await call(`/admin/maps/edges/${edge.id}/split`, { x, y });
        fresh('node', split.node.id);
        split.edges.forEach((half) => fresh('edge', half.id));
        record(async () => {
          await recreateEdge(edge);
          await remove(nodePath(split.node.id));   // its two halves go too
        }, async () => {
          const again = await post(`${edgePath(edge.id)}/split`, { x, y });
          rename('node', split.node.id, again.node.id);
          split.edges.forEach((half, i) => rename('edge', half.id, again.edges[i].id));
        });
        s.map.edges = s.map.edges.filter((e) => e.id !== edge.id).concat(split.edges);
        s.map.nodes.push(split.node);
        return split.node;
      },
      async addFeature(body) {
        const { feature } = await call(`/admin/maps/features?site_id=${siteId}`, body);
        fresh('feature', feature.id);
        record(() => remove(featurePath(feature.id)),
          async () => rename('feature', feature.id, (await post(`/admin/maps/features?site_id=${siteId}`, liveRefs(body))).feature.id));
        s.map.features.push(feature);
        return feature;
      },
      async changeFeature(f, body) {
        const { feature } = await call(`/admin/maps/features/${f.id}`, body, 'PATCH');
        // The display point follows an outline on the server: put it back too.
        const keys = 'outline' in body ? [...Object.keys(body), 'x', 'y'] : Object.keys(body);
        const before = Object.fromEntries(keys.map((k) => [k, f[k] ?? null]));
        record(() => patch(featurePath(f.id), liveRefs(before)), () => patch(featurePath(f.id), liveRefs(body)));
        Object.assign(f, feature);
        return feature;
      },
      async removeFeature(f) {
        const doors = s.map.features.filter((d) => d.unit_id === f.id);   // they go with their unit
        await call(`/admin/maps/features/${f.id}`, undefined, 'DELETE');
        record(async () => {
          const back = await recreateFeature(f);
          for (const door of doors) await recreateFeature(door, { unit_id: back.id });
        }, () => remove(featurePath(f.id)));
      },
    };
  }

  async function change(label, work) {
    const journal = [];
    try {
      return await inTurn(async () => {
        try {
          return await work(recorder(journal));
        } catch (error) {
          await takeBack(journal);   // an action is saved whole or not at all: no orphan points
          throw error;
        } finally {
          if (journal.length) {   // kept undoable: done whole, or what could not be taken back
            keep(undoStack, { label, journal });
            redoStack.length = 0;   // a new action: what was undone before it cannot be redone
          }
        }
      });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      say(`⚠ ${both('map.not_saved', { what: msg(label) })} ${refusal(error, 'maps')}`);
      return undefined;
    } finally {
      await reload();
    }
  }

  // The steps an action saved before one was refused, undone newest first; a step that
  // cannot be undone (the map changed meanwhile) stays in the journal with those before it.
  async function takeBack(journal) {
    while (journal.length) {
      try {
        await journal.at(-1).undo();
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        return;
      }
      journal.pop();
    }
  }

  function keep(stack, entry) {
    stack.push(entry);
    if (stack.length > UNDO_LIMIT) stack.shift();
  }

  // Actions save one after another, in the order they were made: each reads the values it
  // will undo to after the one before has saved, and Ctrl+Z pressed while an action is
  // still saving undoes that action, not the one before it.
  let turns = Promise.resolve();
  function inTurn(step) {
    const run = turns.then(step);
    turns = run.catch(() => {});
    return run;
  }

  const undo = () => replay(undoStack, redoStack, (entry) => [...entry.journal].reverse().map((step) => step.undo), UNDO_WORDS);
  const redo = () => replay(redoStack, undoStack, (entry) => entry.journal.map((step) => step.redo), REDO_WORDS);

  // Undo and Redo: the latest entry of one list, its steps in turn, then onto the other list.
  // A step the server refuses (another admin changed the map meanwhile) leaves both lists
  // without that entry: what it did is only partly true now.
  async function replay(from, to, steps, { done, nothing, failed }) {
    await inTurn(async () => {
      const entry = from.pop();
      if (!entry) { say(both(nothing)); return; }
      ed.stopDrawing();
      try {
        for (const step of steps(entry)) await step();
        keep(to, entry);
        say(both(done, { what: msg(entry.label) }));
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        toast(refusal(error, 'maps'), { error: true });
        say(`⚠ ${both(failed)}: ${refusal(error, 'maps')}`);
      }
    });
    await reload();
  }

  function renderUndo() {
    for (const [el, stack, word] of [[undoButton, undoStack, 'button.undo'], [redoButton, redoStack, 'button.redo']]) {
      const last = stack.at(-1);
      el.disabled = !last;
      fill(el, last ? bi(`${word}_what`, { what: msg(last.label) }) : bi(word));
    }
  }


  // Ctrl+Z (undo), Ctrl+Y or Ctrl+Shift+Z (redo) anywhere in the editor except where typing
  // has its own undo.
  const onUndoKey = (event) => {
    if (!(event.ctrlKey || event.metaKey)) return;
    const key = event.key.toLowerCase();
    const action = key === 'z' ? (event.shiftKey ? redo : undo) : key === 'y' && !event.shiftKey ? redo : null;
    if (!action) return;
    if (!root.isConnected || !root.contains(document.activeElement) && document.activeElement !== document.body) return;
    if (/^(INPUT|TEXTAREA)$/.test(document.activeElement?.tagName)) return;
    event.preventDefault();
    action();
  };
  document.addEventListener('keydown', onUndoKey);

  return { change, undo, redo, renderUndo, onUndoKey };
}
