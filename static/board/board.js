// Kondan's sticky board: a table's notes in their islands, for the group
// leader's phone (mode "group"), the facilitator's laptop ("board") and the
// projector ("present").
//
// The browser only draws and collects intentions. Every change goes to Python
// as one small event ({id, op, ...}) and through the domain there, with the
// version this page saw; the board is redrawn from the data Python sends back.
// Events are sent one at a time: the next leaves once Python has answered the
// previous one (data.ack.id), so rapid taps are never lost between reruns.
//
// Note text is untrusted: it is only ever set with textContent.

import "./vendor/Sortable.min.js"; // defines window.Sortable (MIT, release file)

const UNDO_MS = 10000;
const ACK_TIMEOUT_MS = 2500;
const SENDS = 4; // an event whose answer does not come is sent again (Python answers a repeat from memory)

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function button(cls, text, onClick, title) {
  const node = el("button", cls, text);
  node.type = "button";
  if (title) {
    node.title = title;
    node.setAttribute("aria-label", title);
  }
  node.addEventListener("click", (event) => {
    event.stopPropagation();
    onClick(event);
  });
  return node;
}

function clock(ms) {
  const total = Math.floor(Math.abs(ms) / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${String(minutes).padStart(2, "0")}:${String(seconds).padStart(2, "0")}`;
}

function newId() {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

// Readable text on a category colour: dark on light colours, white on dark ones.
function inkFor(hex) {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex || "");
  if (!m) return "#1a1a1a";
  const n = parseInt(m[1], 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return 0.299 * r + 0.587 * g + 0.114 * b > 140 ? "#1a1a1a" : "#ffffff";
}

class StickyBoard {
  constructor(root) {
    this.root = root;
    this.data = null;
    this.send = null;
    this.queue = [];
    this.inFlight = null;
    this.pending = new Map(); // event id -> what to do with the answer
    this.seenAcks = new Set();
    this.selection = new Set();
    this.mode = "select"; // or "vote"
    this.hidden = new Map(); // note id -> undo timer (deleted here, not yet sent)
    this.editing = null; // {noteId, text, category, version}
    this.preview = null; // the table the facilitator opened (board mode)
    this.dragging = false;
    this.dirty = false;
    this.chime = false;
    this.chimed = "";
    this.skew = 0;
    this.build();
    this.tick = setInterval(() => this.drawTimer(), 250);
  }

  t(key) {
    return (this.data && this.data.text[key]) || key;
  }

  // --- static frame: built once, so typed text and focus survive updates -----

  build() {
    this.root.textContent = "";
    this.timerBar = el("div", "kd-timer");
    this.banner = el("div", "kd-banner");
    this.banner.setAttribute("role", "status");
    this.overview = el("div", "kd-overview");
    this.head = el("div", "kd-tablehead");
    this.entry = this.buildEntry();
    this.toolbar = el("div", "kd-toolbar");
    this.board = el("div", "kd-islands");
    this.summary = this.buildSummary();
    this.actionBar = el("div", "kd-actionbar");
    this.focusNote = el("div", "kd-focus-note");
    this.focusNote.hidden = true;
    this.toast = el("div", "kd-toast");
    this.toast.setAttribute("role", "status");
    this.toast.setAttribute("aria-live", "polite");
    this.toast.hidden = true;
    this.actionBar.hidden = true;
    for (const part of [
      this.timerBar,
      this.banner,
      this.overview,
      this.head,
      this.entry.box,
      this.toolbar,
      this.board,
      this.summary.box,
      this.actionBar,
      this.focusNote,
      this.toast,
    ]) {
      this.root.appendChild(part);
    }
  }

  buildEntry() {
    const box = el("form", "kd-entry");
    const cats = el("div", "kd-cats");
    cats.setAttribute("role", "radiogroup");
    const row = el("div", "kd-entry-row");
    const input = el("textarea", "kd-entry-text");
    input.rows = 1;
    input.name = "note";
    input.setAttribute("enterkeyhint", "send");
    const add = el("button", "kd-primary");
    add.type = "submit";
    const error = el("div", "kd-error");
    error.setAttribute("role", "alert");
    row.append(input, add);
    box.append(cats, row, error);
    const entry = { box, cats, input, add, error, category: null, token: newId(), busy: false };
    input.addEventListener("keydown", (event) => {
      // Enter sends, Shift+Enter starts a new line; an IME's Enter only converts.
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submitNote();
      }
    });
    input.addEventListener("input", () => {
      entry.error.textContent = "";
      input.style.height = "auto";
      input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
    });
    box.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submitNote();
    });
    return entry;
  }

  buildSummary() {
    const box = el("div", "kd-summary");
    const title = el("h3", "kd-summary-title");
    const area = el("textarea", "kd-summary-text");
    area.rows = 4;
    const save = el("button", "kd-secondary");
    save.type = "button";
    const note = el("div", "kd-error");
    note.setAttribute("role", "alert");
    const view = el("div", "kd-summary-view");
    const act = el("button", "kd-secondary kd-act");
    act.type = "button";
    const buttons = el("div", "kd-row");
    buttons.append(save, act);
    box.append(title, view, area, buttons, note);
    const summary = { box, title, area, save, act, note, view, version: 0, base: "", dirty: false };
    act.addEventListener("click", () => {
      const table = this.currentTable();
      if (table && table.summary.id) this.makeAction(table, "group_summary", table.summary.id);
    });
    area.addEventListener("input", () => {
      summary.dirty = area.value !== summary.base;
      summary.note.textContent = "";
    });
    save.addEventListener("click", () => {
      const table = this.currentTable();
      if (!table) return;
      this.enqueue(
        { op: "summary", group: table.id, text: area.value, version: summary.version },
        { kind: "summary", text: area.value },
      );
    });
    return summary;
  }

  // --- data from Python -------------------------------------------------------

  update(data, send) {
    this.send = send;
    this.skew = data.now_ms - Date.now();
    const first = this.data === null;
    const changed = first || data.rev !== this.data.rev;
    this.data = data;
    if (first && data.mode === "board") this.preview = this.rememberedPreview();
    this.root.dataset.mode = data.mode;
    if (data.ack && !this.seenAcks.has(data.ack.id)) {
      this.seenAcks.add(data.ack.id);
      this.answer(data.ack);
    }
    if (changed || first) {
      this.dirty = true;
    }
    if (this.dirty && !this.dragging) this.render();
    this.drawTimer();
  }

  // The table the facilitator opened stays open when Streamlit draws the
  // component afresh (a rerun of the whole page) or the tab is reloaded.
  previewKey() {
    return `kondan-board-${this.data.workshop}`;
  }

  rememberedPreview() {
    try {
      const stored = window.sessionStorage.getItem(this.previewKey());
      return stored ? Number(stored) : null;
    } catch {
      return null; // storage turned off: the overview, as before
    }
  }

  setPreview(id) {
    this.preview = id;
    try {
      if (id === null) window.sessionStorage.removeItem(this.previewKey());
      else window.sessionStorage.setItem(this.previewKey(), String(id));
    } catch {
      // storage turned off: the table stays open until the next redraw
    }
  }

  // Action items straight from the board (the facilitator's view): the
  // title is proposed from the text; owners and dates are set on /actions.
  canAct() {
    return Boolean(this.data && this.data.mode === "board" && this.data.can_act);
  }

  makeAction(table, kind, target) {
    this.enqueue({ op: "make_action", group: table.id, kind, target }, { kind: "action" });
  }

  currentTable() {
    const d = this.data;
    if (!d) return null;
    const id = d.mode === "board" ? this.preview : d.focus;
    return d.tables.find((table) => table.id === id) || null;
  }

  editable(table) {
    return Boolean(this.data.editable && table && !table.locked && !this.data.closed);
  }

  // --- events ---------------------------------------------------------------------

  enqueue(body, context) {
    const event = { id: newId(), ...body };
    this.pending.set(event.id, context || {});
    this.queue.push(event);
    this.pump();
    return event.id;
  }

  pump() {
    if (this.inFlight || !this.queue.length || !this.send) return;
    const event = this.queue.shift();
    this.inFlight = event.id;
    this.transmit(event, 1);
  }

  transmit(event, attempt) {
    this.send("event", event);
    this.inFlightTimer = setTimeout(() => {
      if (this.inFlight !== event.id) return;
      if (attempt < SENDS) {
        this.transmit(event, attempt + 1);
        return;
      }
      // Still no answer: the connection is down. Say so; keep what was typed.
      this.answer({ id: event.id, ok: false, message: this.t("no_answer") });
    }, ACK_TIMEOUT_MS * attempt);
  }

  answer(ack) {
    const context = this.pending.get(ack.id);
    this.pending.delete(ack.id);
    if (this.inFlight === ack.id) {
      clearTimeout(this.inFlightTimer);
      this.inFlight = null;
    }
    if (context) {
      if (context.kind === "add") {
        this.entry.busy = false;
        this.entry.add.disabled = false;
        if (ack.ok) {
          // Only clear what was sent: anything typed since stays.
          if (this.entry.input.value === context.text) this.entry.input.value = "";
          this.entry.input.style.height = "auto";
          this.entry.token = newId();
        } else {
          this.entry.error.textContent = ack.message;
        }
      } else if (context.kind === "edit") {
        if (ack.ok) {
          if (this.editing && this.editing.noteId === context.noteId) this.editing = null;
        } else if (this.editing && this.editing.noteId === context.noteId) {
          this.editing.error = ack.message;
        } else {
          this.editing = { ...context.editing, error: ack.message };
        }
        this.dirty = true;
      } else if (context.kind === "summary") {
        if (ack.ok) {
          this.summary.dirty = false;
          this.summary.note.textContent = "";
        } else {
          this.summary.note.textContent = ack.message;
        }
      } else if (context.kind === "delete" && !ack.ok) {
        for (const id of context.noteIds) this.hidden.delete(id);
        this.dirty = true;
      } else if (context.kind === "move" || context.kind === "vote") {
        this.dirty = true;
      }
    }
    if (ack.message && (!context || !["add", "summary"].includes(context.kind) || ack.ok)) {
      this.showToast(ack.message, ack.ok ? "ok" : "error");
    }
    this.pump();
  }

  submitNote() {
    const entry = this.entry;
    const table = this.currentTable();
    const text = entry.input.value;
    if (!table || entry.busy) return;
    if (!text.trim()) {
      entry.error.textContent = this.t("empty_note");
      return;
    }
    if (!this.editable(table)) {
      entry.error.textContent = this.t("locked");
      return;
    }
    entry.busy = true;
    entry.add.disabled = true;
    this.enqueue(
      { op: "add", group: table.id, text, category: entry.category, token: entry.token },
      { kind: "add", text },
    );
  }

  noteVersions(ids) {
    const table = this.currentTable();
    return ids
      .map((id) => table.notes.find((note) => note.id === id))
      .filter(Boolean)
      .map((note) => [note.id, note.version]);
  }

  moveSelection(island, label) {
    const table = this.currentTable();
    const notes = this.noteVersions([...this.selection]);
    if (!table || !notes.length) return;
    this.enqueue({ op: "move", group: table.id, notes, island, label: label || "" }, { kind: "move" });
    this.selection.clear();
    this.render();
  }

  deleteSelection() {
    const table = this.currentTable();
    const notes = this.noteVersions([...this.selection]);
    if (!table || !notes.length) return;
    const ids = notes.map(([id]) => id);
    const timer = setTimeout(() => {
      for (const id of ids) this.hidden.delete(id);
      this.enqueue({ op: "delete", group: table.id, notes }, { kind: "delete", noteIds: ids });
      this.hideToast();
    }, UNDO_MS);
    for (const id of ids) this.hidden.set(id, timer);
    this.selection.clear();
    this.render();
    this.showToast(this.t("deleted_count").replace("{count}", ids.length), "ok", {
      label: this.t("undo"),
      run: () => {
        clearTimeout(timer);
        for (const id of ids) this.hidden.delete(id);
        this.render();
        this.showToast(this.t("undone"), "ok");
      },
    }, UNDO_MS);
  }

  vote(kind, id, delta) {
    const table = this.currentTable();
    if (!table) return;
    this.enqueue({ op: "vote", group: table.id, kind, target: id, delta }, { kind: "vote" });
  }

  // --- drawing --------------------------------------------------------------------

  render() {
    if (this.rendering) {
      this.dirty = true; // a redraw asked for while drawing: done right after
      return;
    }
    this.rendering = true;
    try {
      this.draw();
    } catch (error) {
      // One bad frame must not take the board down: the next update redraws.
      console.error("sticky board", error);
    } finally {
      this.rendering = false;
    }
    if (this.dirty && !this.dragging) setTimeout(() => this.render(), 0);
  }

  draw() {
    this.dirty = false;
    const d = this.data;
    if (!d) return;
    if (d.mode === "board" && this.preview !== null && !d.tables.some((t) => t.id === this.preview)) {
      this.setPreview(null);
    }
    const table = this.currentTable();
    this.drawBanner(table);
    this.drawOverview(table);
    this.drawHead(table);
    this.drawEntry(table);
    this.drawToolbar(table);
    this.drawIslands(table);
    this.drawSummary(table);
    this.drawActionBar(table);
    this.drawFocusNote();
  }

  // The projector: one note the facilitator put in the spotlight, large.
  drawFocusNote() {
    const d = this.data;
    const box = this.focusNote;
    box.textContent = "";
    let found = null;
    for (const table of d.tables) {
      const note = table.notes.find((n) => n.id === d.spotlight_note);
      if (note) found = { table, note };
    }
    box.hidden = d.mode !== "present" || !found;
    if (box.hidden) return;
    const { table, note } = found;
    const island = table.islands.find((i) => i.id === note.island);
    const cat = d.categories.find((c) => c.id === note.category);
    const card = el("div", "kd-focus-card");
    card.style.background = cat ? cat.color : d.neutral;
    card.style.color = inkFor(cat ? cat.color : d.neutral);
    card.append(el("div", "kd-focus-where", [table.name, island ? island.label : "", cat ? cat.name : ""].filter(Boolean).join("・")));
    card.append(el("div", "kd-focus-text", note.text));
    if (note.votes) card.append(el("div", "kd-dots", `●${note.votes}`));
    box.append(card);
  }

  drawBanner(table) {
    const d = this.data;
    let message = "";
    if (d.ended) message = d.ended; // the code was renewed or closed: no board any more
    else if (d.closed) message = this.t("closed");
    else if (table && table.locked) message = this.t("locked");
    this.banner.textContent = message;
    this.banner.hidden = !message;
  }

  drawOverview(table) {
    const d = this.data;
    const show = (d.mode === "board" && table === null) || (d.mode === "present" && table === null);
    this.overview.hidden = !show;
    if (!show) {
      this.overview.textContent = "";
      this.cards = new Map();
      return;
    }
    // The projector fits every table: up to 4 in one row, 8 in two.
    this.overview.style.setProperty("--kd-cols", String(Math.min(Math.max(d.tables.length, 1), 4)));
    this.overview.dataset.rows = d.tables.length > 4 ? "2" : "1";
    // Only the tables that changed are drawn again: a note at one table does
    // not rebuild the other seven.
    const before = this.cards || new Map();
    this.cards = new Map();
    const shared = JSON.stringify([d.categories, d.spotlight, d.mode, d.text.notes_count]);
    const cards = d.tables.map((each) => {
      const signature = shared + JSON.stringify(each);
      const kept = before.get(each.id);
      const card = kept && kept.signature === signature ? kept.card : this.tableCard(each);
      this.cards.set(each.id, { signature, card });
      return card;
    });
    const current = [...this.overview.children];
    if (current.length !== cards.length || cards.some((card, index) => current[index] !== card)) {
      this.overview.replaceChildren(...cards);
    }
  }

  tableCard(each) {
    const d = this.data;
    const card = el("section", "kd-card");
    card.dataset.table = String(each.id);
    const title = el("h3", "kd-card-title");
    title.append(el("span", "", each.name));
    if (each.locked) title.append(el("span", "kd-lock", this.t("locked_short")));
    if (d.spotlight === each.id) title.append(el("span", "kd-spot", this.t("on_screen")));
    title.append(el("span", "kd-count", this.t("notes_count").replace("{count}", each.notes.length)));
    card.append(title);
    const list = el("div", "kd-card-body");
    const islands = [...each.islands, { id: null, label: this.t("unsorted"), votes: 0 }];
    for (const island of islands) {
      const notes = each.notes.filter((n) => n.island === island.id);
      if (island.id === null && !notes.length) continue;
      const block = el("div", "kd-card-island");
      const label = el("div", "kd-card-label", island.label);
      if (island.votes) label.append(el("span", "kd-dots", `●${island.votes}`));
      block.append(label);
      const chips = el("div", "kd-card-notes");
      for (const note of notes) chips.append(this.noteChip(note));
      block.append(chips);
      list.append(block);
    }
    if (!each.notes.length) list.append(el("p", "kd-empty", this.t("no_notes")));
    card.append(list);
    if (d.mode === "board") {
      card.tabIndex = 0;
      card.setAttribute("role", "button");
      card.setAttribute("aria-label", `${each.name} ${this.t("open_table")}`);
      const open = () => {
        this.setPreview(each.id);
        this.selection.clear();
        this.render();
        // Back to the top: the table opens where the overview began (after
        // the browser's scroll anchoring has run for the new layout).
        const main = document.querySelector('[data-testid="stMain"]');
        if (main) requestAnimationFrame(() => main.scrollTo({ top: 0 }));
      };
      card.addEventListener("click", open);
      card.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          open();
        }
      });
    }
    return card;
  }

  noteChip(note) {
    const cat = this.data.categories.find((c) => c.id === note.category);
    const chip = el("div", "kd-chip", note.text);
    chip.style.background = cat ? cat.color : this.data.neutral;
    chip.style.color = inkFor(cat ? cat.color : this.data.neutral);
    if (note.votes) chip.append(el("span", "kd-dots", ` ●${note.votes}`));
    return chip;
  }

  drawHead(table) {
    const d = this.data;
    this.head.textContent = "";
    this.head.hidden = !table || d.mode === "group";
    if (!table || d.mode === "group") return;
    if (d.mode === "board") {
      this.head.append(
        button("kd-secondary", `← ${this.t("all_tables")}`, () => {
          this.setPreview(null);
          this.selection.clear();
          this.render();
        }),
      );
    }
    this.head.append(el("h2", "kd-table-name", table.name));
    if (d.mode === "board") {
      const onScreen = d.spotlight === table.id;
      this.head.append(
        button(onScreen ? "kd-secondary" : "kd-primary", onScreen ? this.t("spotlight_off") : this.t("spotlight"), () =>
          this.enqueue({ op: "spotlight", group: onScreen ? null : table.id }, { kind: "spotlight" }),
        ),
      );
    }
  }

  drawEntry(table) {
    const d = this.data;
    const entry = this.entry;
    if (d.ended) {
      // Nothing more can be written here, but what was typed stays to copy.
      entry.box.hidden = !entry.input.value;
      entry.input.readOnly = true;
      entry.add.disabled = true;
      entry.cats.textContent = "";
      return;
    }
    const show = Boolean(table) && d.editable && d.mode !== "present";
    entry.box.hidden = !show;
    if (!show) return;
    const open = this.editable(table);
    entry.input.placeholder = this.t("note_placeholder");
    entry.input.setAttribute("aria-label", this.t("note_text"));
    entry.input.readOnly = !open; // typed text stays when the table is locked
    entry.add.textContent = this.t("add");
    entry.add.disabled = !open || entry.busy;
    if (entry.category === null || !d.categories.some((c) => c.id === entry.category)) {
      entry.category = d.categories.length ? d.categories[0].id : null;
    }
    entry.cats.textContent = "";
    entry.cats.setAttribute("aria-label", this.t("category"));
    for (const cat of d.categories) {
      const chip = button("kd-cat", cat.name, () => {
        entry.category = cat.id;
        this.drawEntry(this.currentTable());
        entry.input.focus();
      });
      chip.setAttribute("role", "radio");
      chip.setAttribute("aria-checked", String(entry.category === cat.id));
      chip.style.setProperty("--cat", cat.color);
      chip.style.setProperty("--ink", inkFor(cat.color));
      chip.disabled = !open;
      entry.cats.append(chip);
    }
  }

  drawToolbar(table) {
    const d = this.data;
    this.toolbar.textContent = "";
    const show = Boolean(table) && d.mode !== "present" && this.editable(table);
    this.toolbar.hidden = !show;
    if (!show) return;
    const modes = el("div", "kd-modes");
    modes.setAttribute("role", "radiogroup");
    for (const [mode, label] of [
      ["select", this.t("mode_select")],
      ["vote", this.t("mode_vote")],
    ]) {
      const b = button("kd-mode", label, () => {
        this.mode = mode;
        this.selection.clear();
        this.render();
      });
      b.setAttribute("role", "radio");
      b.setAttribute("aria-checked", String(this.mode === mode));
      modes.append(b);
    }
    this.toolbar.append(modes, el("span", "kd-hint", this.mode === "vote" ? this.t("vote_help") : this.t("select_help")));
  }

  drawIslands(table) {
    const d = this.data;
    this.board.textContent = "";
    this.board.hidden = !table;
    this.dropSortables();
    if (!table) return;
    const open = this.editable(table) && d.mode !== "present";
    const islands = [...table.islands, { id: null, label: this.t("unsorted"), votes: 0, version: 0 }];
    const visible = table.notes.filter((n) => !this.hidden.has(n.id));
    for (const island of islands) {
      const notes = visible.filter((n) => n.island === island.id);
      if (island.id === null && !notes.length && !open) continue;
      const box = el("section", island.id === null ? "kd-island kd-unsorted" : "kd-island");
      box.dataset.island = island.id === null ? "" : String(island.id);
      box.append(this.islandHeader(table, island, notes.length, open));
      const list = el("div", "kd-notes");
      list.dataset.island = box.dataset.island;
      for (const note of notes) list.append(this.noteCard(table, note, open));
      if (!notes.length) list.append(el("p", "kd-empty", island.id === null ? this.t("unsorted_empty") : this.t("island_empty")));
      box.append(list);
      this.board.append(box);
      if (open && window.Sortable) {
        this.sortables.push(
          window.Sortable.create(list, {
            group: "kd-notes",
            draggable: ".kd-note",
            filter: "button, textarea, .kd-empty",
            preventOnFilter: false,
            animation: 120,
            forceFallback: true, // same touch and mouse handling everywhere
            fallbackOnBody: true,
            delayOnTouchOnly: true,
            delay: 180, // a swipe still scrolls the page; a press picks the note up
            touchStartThreshold: 5,
            scroll: true,
            bubbleScroll: true,
            scrollSensitivity: 90,
            scrollSpeed: 18,
            onStart: () => {
              this.dragging = true;
            },
            onEnd: (event) => {
              this.dragging = false;
              const id = Number(event.item.dataset.note);
              const target = event.to.dataset.island;
              if (event.from !== event.to && id) {
                const note = table.notes.find((n) => n.id === id);
                this.enqueue(
                  { op: "move", group: table.id, notes: [[id, note.version]], island: target === "" ? null : Number(target) },
                  { kind: "move" },
                );
              } else if (this.dirty) {
                this.render();
              }
            },
          }),
        );
      }
    }
    if (!visible.length && !table.islands.length) {
      this.board.append(el("p", "kd-empty", this.t("no_notes")));
    }
  }

  dropSortables() {
    // Swapped out first: destroying one can end a drag, whose handler redraws.
    const old = this.sortables || [];
    this.sortables = [];
    for (const sortable of old) {
      try {
        sortable.destroy();
      } catch (error) {
        // already gone with its element
      }
    }
  }

  islandHeader(table, island, count, open) {
    const head = el("header", "kd-island-head");
    const title = el("h3", "kd-island-label", island.label);
    head.append(title);
    head.append(el("span", "kd-count", this.t("notes_count").replace("{count}", count)));
    if (island.id !== null) {
      const dots = el("span", "kd-dots", `●${island.votes}`);
      dots.title = this.t("votes");
      head.append(dots);
    }
    if (island.id !== null && this.canAct()) {
      head.append(
        button("kd-secondary kd-act", this.t("make_action"), () => this.makeAction(table, "cluster", island.id)),
      );
    }
    if (!open) return head;
    if (this.mode === "vote" && island.id !== null) {
      head.append(
        button("kd-icon", "＋●", () => this.vote("island", island.id, 1), this.t("vote_add")),
        button("kd-icon", "－", () => this.vote("island", island.id, -1), this.t("vote_remove")),
      );
      return head;
    }
    if (this.selection.size) {
      head.append(
        button("kd-primary kd-here", this.t("move_here"), () => this.moveSelection(island.id)),
      );
    }
    if (island.id !== null) {
      head.append(button("kd-icon", "…", () => this.islandMenu(table, island, head), this.t("island_menu")));
    }
    return head;
  }

  islandMenu(table, island, head) {
    const existing = head.querySelector(".kd-menu");
    if (existing) {
      existing.remove();
      return;
    }
    const menu = el("div", "kd-menu");
    const input = el("input", "kd-input");
    input.value = island.label;
    input.setAttribute("aria-label", this.t("island_label"));
    const rename = () =>
      this.enqueue(
        { op: "rename", group: table.id, island: island.id, version: island.version, label: input.value },
        { kind: "rename" },
      );
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.isComposing) {
        event.preventDefault();
        rename();
      }
    });
    menu.append(input, button("kd-secondary", this.t("rename"), rename));
    const others = table.islands.filter((other) => other.id !== island.id);
    if (others.length) {
      const merge = el("div", "kd-merge");
      merge.append(el("span", "kd-hint", this.t("merge_into")));
      for (const other of others) {
        merge.append(
          button("kd-secondary", other.label, () =>
            this.enqueue(
              { op: "merge", group: table.id, island: island.id, version: island.version, into: other.id },
              { kind: "merge" },
            ),
          ),
        );
      }
      menu.append(merge);
    }
    menu.append(
      button("kd-danger", this.t("dissolve"), () =>
        this.enqueue({ op: "dissolve", group: table.id, island: island.id, version: island.version }, { kind: "dissolve" }),
      ),
    );
    head.after(menu);
    input.focus();
  }

  noteCard(table, note, open) {
    const d = this.data;
    const cat = d.categories.find((c) => c.id === note.category);
    const color = cat ? cat.color : d.neutral;
    const card = el("article", "kd-note");
    card.dataset.note = String(note.id);
    card.style.background = color;
    card.style.color = inkFor(color);
    if (this.editing && this.editing.noteId === note.id && open) {
      card.classList.add("kd-editing");
      card.append(this.noteEditor(table, note));
      return card;
    }
    // The colour says the category; its name is read out, and shown on the
    // projector, where there is room.
    const text = el("div", "kd-note-text", note.text);
    if (note.votes) {
      const dots = el("span", "kd-dots", ` ●${note.votes}`);
      dots.title = this.t("votes");
      text.append(dots);
    }
    card.append(text);
    if (cat) card.setAttribute("aria-label", `${note.text}（${cat.name}）${note.votes ? ` ●${note.votes}` : ""}`);
    if (cat && d.mode === "present") card.append(el("div", "kd-note-foot", cat.name));
    if (open && this.mode === "vote" && note.votes) {
      card.append(button("kd-icon kd-minus", "－", () => this.vote("note", note.id, -1), this.t("vote_remove")));
    }
    if (d.spotlight_note === note.id) card.classList.add("kd-onscreen");
    if (this.selection.has(note.id)) {
      card.classList.add("kd-selected");
      card.setAttribute("aria-pressed", "true");
    } else {
      card.setAttribute("aria-pressed", "false");
    }
    if (open) {
      card.tabIndex = 0;
      card.setAttribute("role", "button");
      const tap = () => {
        if (this.mode === "vote") {
          this.vote("note", note.id, 1);
          return;
        }
        if (this.selection.has(note.id)) this.selection.delete(note.id);
        else this.selection.add(note.id);
        this.render();
      };
      card.addEventListener("click", tap);
      card.addEventListener("keydown", (event) => {
        if ((event.key === "Enter" || event.key === " ") && event.target === card) {
          event.preventDefault();
          tap();
        }
      });
    }
    return card;
  }

  noteEditor(table, note) {
    const d = this.data;
    const state = this.editing;
    const box = el("div", "kd-editor");
    const area = el("textarea", "kd-edit-text");
    area.value = state.text;
    area.rows = 3;
    area.setAttribute("aria-label", this.t("note_text"));
    area.addEventListener("input", () => {
      state.text = area.value;
    });
    const cats = el("div", "kd-cats");
    for (const cat of d.categories) {
      const chip = button("kd-cat", cat.name, () => {
        state.category = cat.id;
        for (const other of cats.children) other.setAttribute("aria-checked", "false");
        chip.setAttribute("aria-checked", "true");
      });
      chip.setAttribute("role", "radio");
      chip.setAttribute("aria-checked", String(state.category === cat.id));
      chip.style.setProperty("--cat", cat.color);
      chip.style.setProperty("--ink", inkFor(cat.color));
      cats.append(chip);
    }
    const save = () =>
      this.enqueue(
        { op: "edit", group: table.id, note: note.id, version: state.version, text: state.text, category: state.category },
        { kind: "edit", noteId: note.id, editing: { ...state } },
      );
    area.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        save();
      } else if (event.key === "Escape") {
        this.editing = null;
        this.render();
      }
    });
    const row = el("div", "kd-row");
    row.append(
      button("kd-primary", this.t("save"), save),
      button("kd-secondary", this.t("cancel"), () => {
        this.editing = null;
        this.render();
      }),
    );
    if (note.version !== state.version) {
      box.append(el("div", "kd-error", this.t("changed_meanwhile")));
    }
    if (state.error) box.append(el("div", "kd-error", state.error));
    box.append(area, cats, row);
    setTimeout(() => {
      if (this.editing && this.editing.focus) {
        area.focus();
        this.editing.focus = false;
      }
    }, 0);
    return box;
  }

  drawSummary(table) {
    const d = this.data;
    const s = this.summary;
    s.box.hidden = !table;
    if (!table) return;
    s.title.textContent = this.t("summary");
    const server = table.summary;
    const open = this.editable(table) && d.mode !== "present";
    if (s.group !== table.id) {
      s.group = table.id;
      s.dirty = false;
    }
    s.version = server.version;
    if (!s.dirty) {
      s.area.value = server.text;
      s.base = server.text;
    }
    s.view.textContent = server.text || this.t("no_summary");
    s.view.hidden = open;
    s.area.hidden = !open;
    s.save.hidden = !open;
    s.area.setAttribute("aria-label", this.t("summary"));
    s.save.textContent = this.t("summary_save");
    s.act.textContent = this.t("make_action");
    s.act.hidden = !this.canAct() || !server.id || !server.text;
  }

  drawActionBar(table) {
    const bar = this.actionBar;
    bar.textContent = "";
    const open = table && this.editable(table) && this.data.mode !== "present";
    const count = [...this.selection].filter((id) => table && table.notes.some((n) => n.id === id)).length;
    bar.hidden = !open || !count || this.mode !== "select";
    if (bar.hidden) return;
    bar.append(el("strong", "kd-selcount", this.t("selected").replace("{count}", count)));
    const dest = el("div", "kd-dest");
    dest.append(el("span", "kd-hint", this.t("move_to")));
    for (const island of table.islands) {
      dest.append(button("kd-secondary", island.label, () => this.moveSelection(island.id)));
    }
    dest.append(button("kd-secondary", this.t("unsorted"), () => this.moveSelection(null)));
    const name = el("input", "kd-input");
    name.placeholder = this.t("new_island");
    name.setAttribute("aria-label", this.t("new_island"));
    const make = () => {
      if (!name.value.trim()) {
        name.focus();
        return;
      }
      this.moveSelection("new", name.value);
    };
    name.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.isComposing) {
        event.preventDefault();
        make();
      }
    });
    dest.append(name, button("kd-primary", this.t("new_island_make"), make));
    bar.append(dest);
    const tools = el("div", "kd-row");
    if (count === 1) {
      tools.append(
        button("kd-secondary", this.t("edit"), () => {
          const id = [...this.selection][0];
          const note = table.notes.find((n) => n.id === id);
          this.editing = { noteId: id, text: note.text, category: note.category, version: note.version, focus: true };
          this.selection.clear();
          this.render();
        }),
      );
    }
    if (count === 1 && this.canAct()) {
      const id = [...this.selection][0];
      tools.append(
        button("kd-secondary", this.t("make_action"), () => {
          this.makeAction(table, "note", id);
          this.selection.clear();
          this.render();
        }),
      );
    }
    if (count === 1 && this.data.mode === "board") {
      const id = [...this.selection][0];
      const onScreen = this.data.spotlight_note === id;
      tools.append(
        button("kd-secondary", onScreen ? this.t("note_spotlight_off") : this.t("note_spotlight"), () => {
          this.enqueue({ op: "spotlight_note", note: onScreen ? null : id }, { kind: "spotlight" });
          this.selection.clear();
          this.render();
        }),
      );
    }
    tools.append(
      button("kd-danger", this.t("delete"), () => this.deleteSelection()),
      button("kd-secondary", this.t("clear_selection"), () => {
        this.selection.clear();
        this.render();
      }),
    );
    bar.append(tools);
  }

  // --- timer --------------------------------------------------------------------------

  drawTimer() {
    const d = this.data;
    const bar = this.timerBar;
    if (!d || !d.timer || !d.timer.phase) {
      bar.hidden = true;
      return;
    }
    bar.hidden = false;
    const timer = d.timer;
    const serverNow = Date.now() + this.skew;
    const left = timer.running ? timer.remaining_ms - (serverNow - timer.at_ms) : timer.remaining_ms;
    const over = left < 0;
    if (!bar.firstChild) {
      bar.append(el("span", "kd-phase"), el("span", "kd-clock"), el("span", "kd-next"));
      if (d.mode !== "group") {
        const bell = button("kd-secondary kd-bell", this.t("chime_short"), () => {
          this.chime = !this.chime;
          bell.setAttribute("aria-pressed", String(this.chime));
          if (this.chime) this.beep(0.05);
        });
        bell.title = this.t("chime");
        bell.setAttribute("aria-label", this.t("chime"));
        bell.setAttribute("aria-pressed", "false");
        bar.append(bell);
      }
    }
    const [phase, time, next] = bar.children;
    phase.textContent = `${this.t("now")} ${timer.phase}`;
    time.textContent = over ? `${this.t("over")} +${clock(left)}` : clock(left);
    time.classList.toggle("kd-over", over);
    time.classList.toggle("kd-soon", !over && left < 60000);
    time.classList.toggle("kd-paused", !timer.running);
    next.textContent = `${this.t("next")} ${timer.next || this.t("finished")}`;
    bar.classList.toggle("kd-over", over);
    if (over && timer.running && this.chime && this.chimed !== `${timer.index}:${timer.at_ms}`) {
      this.chimed = `${timer.index}:${timer.at_ms}`;
      this.beep(0.6);
    }
  }

  beep(seconds) {
    try {
      const Audio = window.AudioContext || window.webkitAudioContext;
      this.audio = this.audio || new Audio();
      const osc = this.audio.createOscillator();
      const gain = this.audio.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.2;
      osc.connect(gain).connect(this.audio.destination);
      osc.start();
      osc.stop(this.audio.currentTime + seconds);
    } catch (error) {
      // no audio on this device: the colour still shows the overtime
    }
  }

  // --- messages where the user is looking -------------------------------------------

  showToast(message, tone, action, ms) {
    const toast = this.toast;
    toast.textContent = "";
    toast.dataset.tone = tone;
    toast.append(el("span", "", message));
    if (action) toast.append(button("kd-secondary", action.label, action.run));
    toast.hidden = false;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => this.hideToast(), ms || (tone === "error" ? 6000 : 2500));
  }

  hideToast() {
    this.toast.hidden = true;
  }

  destroy() {
    clearInterval(this.tick);
    this.dropSortables();
    for (const timer of new Set(this.hidden.values())) clearTimeout(timer);
  }
}

// The page's component (ui/sticky_board.py) imports this module once and
// calls update() with every new set of data.
// data.board is the board as a JSON string, parsed only when it changes; the
// clock and the last answer come with every refresh.
export function update(root, data, send) {
  if (!root.__board) root.__board = new StickyBoard(root);
  if (root.__boardText !== data.board) {
    root.__boardText = data.board;
    root.__boardData = JSON.parse(data.board);
  }
  root.__board.update({ ...root.__boardData, now_ms: data.now_ms, ack: data.ack }, send);
}

export function destroy(root) {
  if (root.__board) root.__board.destroy();
  root.__board = null;
}
