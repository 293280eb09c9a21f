// Kondan's transcript editor (/transcript?recording=ID): the transcript as
// sentences beside the recording's player. The segment being played is
// marked and kept in view; a click on a time plays from there; the words are
// corrected in place and saved as you type; speakers are picked from a list,
// for one segment or from it onwards.
//
// The browser only collects intentions. Each change goes to Python as one
// small event ({id, op, ...}) with the version and the text it began from;
// Python answers (data.ack) and sends the transcript again when it moved.
// A concurrent change of the same words is refused there, and both texts are
// shown here until the user picks one: nothing typed is lost or overwritten
// unseen.
//
// Transcript text is untrusted: it is only ever set with textContent.

const SAVE_AFTER_MS = 1200; // a pause in typing saves
const ACK_TIMEOUT_MS = 3000;
const SENDS = 4; // an unanswered event is sent again; Python answers a repeat from memory
const FOLLOW_PAUSE_MS = 4000;
const SAVED_SHOWN_MS = 5000; // how long "saved" stays beside a segment // after the user scrolls, playback stops pulling the view

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
  node.addEventListener("click", onClick);
  return node;
}

function newId() {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds || 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${String(m).padStart(2, "0")}:${sec}`;
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, name) => (name in values ? values[name] : ""));
}

function same(a, b) {
  return a.version === b.version && a.text === b.text && a.speaker === b.speaker && a.start === b.start;
}

const canHighlight = typeof CSS !== "undefined" && CSS.highlights && typeof Highlight !== "undefined";

class TranscriptEditor {
  constructor(root) {
    this.root = root;
    this.data = null;
    this.send = null;
    this.rows = new Map(); // segment id -> {box, text, speaker, state, conflict}
    this.drafts = new Map(); // segment id -> {base, version, text, saving, dirty, timer}
    this.savedAt = new Map(); // segment id -> when its last save was answered (ms)
    this.queue = [];
    this.pending = new Map();
    this.inFlight = null;
    this.seenAcks = new Set();
    this.current = null; // the segment being played
    this.userScrolledAt = 0;
    this.hitIndex = -1;
    this.menu = null;
    this.build();
  }

  t(key, values) {
    const text = (this.data && this.data.text[key]) || key;
    return values ? fill(text, values) : text;
  }

  // --- the frame ---------------------------------------------------------------------

  build() {
    this.root.textContent = "";
    this.bar = el("div", "kd-bar");
    this.bar.setAttribute("role", "toolbar");
    this.list = el("div", "kd-list");
    this.toast = el("div", "kd-toast");
    this.toast.setAttribute("role", "status");
    this.toast.hidden = true;
    this.root.append(this.bar, this.list, this.toast);
    const remember = () => {
      this.userScrolledAt = Date.now();
    };
    window.addEventListener("wheel", remember, { passive: true });
    window.addEventListener("touchmove", remember, { passive: true });
    this.unlisten = () => {
      window.removeEventListener("wheel", remember);
      window.removeEventListener("touchmove", remember);
    };
    this.tick = setInterval(() => this.follow(), 250);
    document.addEventListener("keydown", (this.onKey = (event) => this.key(event)));
  }

  drawBar() {
    const d = this.data;
    this.bar.textContent = "";
    const hasAudio = Boolean(this.player());
    this.play = button("kd-primary kd-play", this.t("play"), () => this.togglePlay());
    this.play.disabled = !hasAudio;
    const back = button("kd-icon", "−5", () => this.skip(-5), this.t("back5"));
    const ahead = button("kd-icon", "+5", () => this.skip(5), this.t("ahead5"));
    back.disabled = ahead.disabled = !hasAudio;
    this.time = el("span", "kd-time", "00:00");
    const speed = el("select", "kd-speed");
    speed.setAttribute("aria-label", this.t("speed"));
    for (const rate of [0.75, 1, 1.25, 1.5]) {
      const option = el("option", "", `${rate}×`);
      option.value = String(rate);
      option.selected = rate === (this.rate || 1);
      speed.append(option);
    }
    speed.disabled = !hasAudio;
    speed.addEventListener("change", () => {
      this.rate = Number(speed.value);
      const audio = this.player();
      if (audio) audio.playbackRate = this.rate;
    });
    const followLabel = el("label", "kd-follow");
    this.followBox = el("input");
    this.followBox.type = "checkbox";
    this.followBox.checked = this.following !== false;
    this.followBox.addEventListener("change", () => {
      this.following = this.followBox.checked;
    });
    followLabel.append(this.followBox, el("span", "", this.t("follow")));
    this.bar.append(this.play, back, ahead, this.time, speed, followLabel);
    const hits = this.hitList();
    if (d.query) {
      const nav = el("span", "kd-hits");
      this.hitLabel = el("span", "kd-count");
      const prev = button("kd-icon", "↑", () => this.jumpHit(-1), this.t("hit_prev"));
      const next = button("kd-icon", "↓", () => this.jumpHit(1), this.t("hit_next"));
      prev.disabled = next.disabled = !hits.length;
      nav.append(this.hitLabel, prev, next);
      this.bar.append(nav);
      this.showHitLabel();
    }
    if (!hasAudio) this.bar.append(el("span", "kd-hint", this.t("no_audio")));
    else if (d.can_edit) this.bar.append(el("span", "kd-hint kd-keys", this.t("keys")));
  }

  // --- data from Python --------------------------------------------------------------

  update(data, send) {
    this.send = send;
    const first = this.data === null;
    const changed = first || data.rev !== this.data.rev || data.query !== this.data.query;
    this.data = data;
    if (data.ack && !this.seenAcks.has(data.ack.id)) {
      this.seenAcks.add(data.ack.id);
      this.answer(data.ack);
    }
    if (changed) {
      this.render();
      this.drawBar();
    }
    if (first && data.start_at !== null && data.start_at !== undefined) {
      this.seekWhenReady(data.start_at);
    }
  }

  // Rows are redrawn only where their segment changed, and the row being
  // edited is never taken out of the page, so the caret stays where it is.
  render() {
    const d = this.data;
    const seen = new Set();
    if (this.emptyNote) this.emptyNote.remove();
    this.emptyNote = null;
    let cursor = this.list.firstChild;
    for (const segment of d.segments) {
      seen.add(segment.id);
      const row = this.rows.get(segment.id);
      let box;
      if (row && document.activeElement === row.text) {
        box = row.box;
        row.segment = segment;
        row.speaker.textContent = segment.speaker || this.t("speaker_pick");
        row.speaker.classList.toggle("kd-unnamed", !segment.speaker);
      } else if (row && same(row.segment, segment)) {
        box = row.box;
      } else {
        box = this.drawSegment(segment);
        if (row && row.box.parentNode === this.list) this.list.replaceChild(box, row.box);
        if (row && cursor === row.box) cursor = box;
      }
      if (box === cursor) cursor = cursor.nextSibling;
      else this.list.insertBefore(box, cursor);
    }
    while (cursor) {
      const next = cursor.nextSibling;
      cursor.remove();
      cursor = next;
    }
    for (const id of [...this.rows.keys()]) if (!seen.has(id)) this.rows.delete(id);
    for (const [id, draft] of [...this.drafts]) {
      if (!seen.has(id) && !draft.dirty) this.drafts.delete(id);
    }
    if (!d.segments.length) {
      this.emptyNote = el("p", "kd-empty", this.t("empty"));
      this.list.append(this.emptyNote);
    }
    this.highlightHits();
    this.current = null;
    this.follow(true);
  }

  drawSegment(segment) {
    const d = this.data;
    const box = el("div", "kd-seg");
    box.dataset.id = String(segment.id);
    const head = el("div", "kd-seg-head");
    const at = button("kd-at", clock(segment.start), () => this.playFrom(segment.start), this.t("play_from", { time: clock(segment.start) }));
    const speaker = button(
      "kd-speaker" + (segment.speaker ? "" : " kd-unnamed"),
      segment.speaker || this.t("speaker_pick"),
      (event) => this.speakerMenu(segment, event.currentTarget),
    );
    speaker.disabled = !d.can_edit;
    speaker.setAttribute("aria-haspopup", "menu");
    head.append(at, speaker);
    const state = el("span", "kd-state");
    state.setAttribute("aria-live", "polite");
    head.append(state);
    if (d.can_edit) {
      const more = button("kd-icon kd-more", "⋯", (event) => this.segmentMenu(segment, event.currentTarget), this.t("more"));
      more.setAttribute("aria-haspopup", "menu");
      head.append(more);
    }
    const text = el("div", "kd-text");
    text.setAttribute("role", "textbox");
    text.setAttribute("aria-label", this.t("segment_text", { time: clock(segment.start) }));
    const draft = this.drafts.get(segment.id);
    if (draft && (draft.dirty || draft.saving || draft.conflict)) {
      text.textContent = draft.text; // what the user typed stays on the screen
    } else {
      text.textContent = segment.text;
      this.drafts.delete(segment.id);
    }
    if (d.can_edit) {
      try {
        text.contentEditable = "plaintext-only";
      } catch {
        text.contentEditable = "true";
      }
      if (text.contentEditable !== "plaintext-only") text.contentEditable = "true";
      text.spellcheck = false;
      text.addEventListener("focus", () => this.beginEdit(segment.id));
      text.addEventListener("input", () => this.typed(segment.id));
      text.addEventListener("blur", () => this.flush(segment.id));
      text.addEventListener("keydown", (event) => this.editKey(event, segment.id));
      text.addEventListener("paste", (event) => {
        // Only plain text goes in, on every browser.
        event.preventDefault();
        const pasted = (event.clipboardData || window.clipboardData).getData("text/plain");
        document.execCommand("insertText", false, pasted.replace(/[\r\n]+/g, " "));
      });
    }
    const conflict = el("div", "kd-conflict");
    conflict.hidden = true;
    box.append(head, text, conflict);
    this.rows.set(segment.id, { box, text, speaker, state, conflict, segment });
    if (draft && draft.conflict) this.showConflict(segment.id);
    else if (draft && draft.saving) this.setState(segment.id, this.t("saving"));
    else if (Date.now() - (this.savedAt.get(segment.id) || 0) < SAVED_SHOWN_MS) {
      this.setState(segment.id, this.t("saved")); // the redraw after a save still says so
    }
    return box;
  }

  segmentById(id) {
    return this.data.segments.find((segment) => segment.id === id) || null;
  }

  // --- editing ------------------------------------------------------------------------

  beginEdit(id) {
    if (this.drafts.has(id)) return;
    const segment = this.segmentById(id);
    if (!segment) return;
    this.drafts.set(id, { base: segment.text, version: segment.version, text: segment.text, dirty: false, saving: false });
  }

  typed(id) {
    this.beginEdit(id);
    const draft = this.drafts.get(id);
    const row = this.rows.get(id);
    if (!draft || !row) return;
    draft.text = row.text.textContent.replace(/\n+/g, " ");
    draft.dirty = draft.text !== draft.base;
    this.setState(id, draft.dirty ? this.t("unsaved") : "");
    clearTimeout(draft.timer);
    draft.timer = setTimeout(() => this.flush(id), SAVE_AFTER_MS);
    if (canHighlight) this.highlightHits(); // the hit ranges no longer match this text
  }

  editKey(event, id) {
    if (event.key === "Enter" && !event.isComposing) {
      // One segment is one paragraph: Enter saves and moves to the next.
      event.preventDefault();
      this.flush(id);
      const ids = this.data.segments.map((segment) => segment.id);
      const next = this.rows.get(ids[ids.indexOf(id) + 1]);
      if (next) next.text.focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      this.rows.get(id)?.text.blur();
    }
  }

  flush(id) {
    const draft = this.drafts.get(id);
    if (!draft) return;
    clearTimeout(draft.timer);
    if (!draft.dirty || draft.saving || draft.conflict) return;
    draft.saving = true;
    draft.sent = draft.text;
    this.setState(id, this.t("saving"));
    this.enqueue(
      { op: "edit", segment: id, version: draft.version, base: draft.base, text: draft.text },
      { kind: "edit", segment: id },
    );
  }

  saved(id, segment) {
    const draft = this.drafts.get(id);
    if (!draft) return;
    draft.saving = false;
    draft.version = segment.version;
    draft.base = segment.text;
    const row = this.rows.get(id);
    if (draft.text === draft.sent) {
      draft.dirty = false;
      this.savedAt.set(id, Date.now());
      this.setState(id, this.t("saved"));
      if (row && document.activeElement !== row.text) {
        row.text.textContent = segment.text; // the server's cleaned text
        this.drafts.delete(id);
      }
    } else {
      draft.dirty = true; // typed more while it was saving: save that too
      this.flush(id);
    }
  }

  setState(id, message, tone) {
    const row = this.rows.get(id);
    if (!row) return;
    row.state.textContent = message || "";
    row.state.dataset.tone = tone || "";
  }

  showConflict(id) {
    const draft = this.drafts.get(id);
    const row = this.rows.get(id);
    if (!draft || !row || !draft.conflict) return;
    const theirs = draft.conflict;
    const box = row.conflict;
    box.textContent = "";
    box.hidden = false;
    box.append(el("p", "kd-error", this.t("conflict")));
    const pair = el("div", "kd-pair");
    const them = el("div", "kd-theirs");
    them.append(el("div", "kd-label", this.t("theirs")), el("div", "kd-said", theirs.text));
    const mine = el("div", "kd-mine");
    mine.append(el("div", "kd-label", this.t("mine")), el("div", "kd-said", draft.text));
    pair.append(them, mine);
    const choose = el("div", "kd-row");
    choose.append(
      button("kd-primary", this.t("keep_mine"), () => {
        draft.conflict = null;
        draft.version = theirs.version;
        draft.base = theirs.text;
        draft.dirty = true;
        box.hidden = true;
        this.flush(id);
      }),
      button("", this.t("keep_theirs"), () => {
        this.drafts.delete(id);
        box.hidden = true;
        row.text.textContent = theirs.text;
        this.setState(id, "");
      }),
    );
    box.append(pair, choose);
    this.setState(id, this.t("not_saved"), "error");
  }

  // --- speakers and the segment's menu ------------------------------------------------

  closeMenu() {
    if (this.menu) {
      this.menu.remove();
      this.menu = null;
      document.removeEventListener("pointerdown", this.outside, true);
    }
  }

  openMenu(anchor, fill) {
    this.closeMenu();
    const menu = el("div", "kd-menu");
    menu.setAttribute("role", "menu");
    fill(menu);
    const box = anchor.closest(".kd-seg");
    box.append(menu);
    // Under the button that opened it, on whichever side the button is.
    menu.style.top = `${anchor.offsetTop + anchor.offsetHeight + 4}px`;
    if (anchor.offsetLeft < box.clientWidth / 2) menu.style.left = `${Math.max(4, anchor.offsetLeft)}px`;
    else menu.style.right = "8px";
    this.menu = menu;
    this.outside = (event) => {
      if (!menu.contains(event.target) && event.target !== anchor) this.closeMenu();
    };
    document.addEventListener("pointerdown", this.outside, true);
    const first = menu.querySelector("button, input");
    if (first) first.focus();
    menu.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        this.closeMenu();
        anchor.focus();
      }
    });
  }

  speakerMenu(segment, anchor) {
    this.openMenu(anchor, (menu) => {
      menu.append(el("div", "kd-menu-title", this.t("speaker_for", { time: clock(segment.start) })));
      const scope = el("div", "kd-scope");
      scope.setAttribute("role", "radiogroup");
      const choices = [
        ["one", this.t("speaker_one")],
        ["following", this.t("speaker_following")],
      ];
      const picked = { value: this.speakerScope || "one" };
      for (const [value, label] of choices) {
        const option = el("label", "kd-radio");
        const input = el("input");
        input.type = "radio";
        input.name = `scope-${segment.id}`;
        input.value = value;
        input.checked = picked.value === value;
        input.addEventListener("change", () => {
          picked.value = value;
          this.speakerScope = value;
        });
        option.append(input, el("span", "", label));
        scope.append(option);
      }
      menu.append(scope);
      const names = el("div", "kd-names");
      const choose = (name) => {
        this.closeMenu();
        this.enqueue(
          { op: "speaker", segment: segment.id, speaker: name, following: picked.value === "following" },
          { kind: "speaker" },
        );
      };
      for (const name of this.data.speakers) {
        const pick = button("kd-name", name, () => choose(name));
        pick.setAttribute("role", "menuitem");
        if (name === segment.speaker) pick.classList.add("kd-chosen");
        names.append(pick);
      }
      menu.append(names);
      const add = el("form", "kd-row kd-new-name");
      const input = el("input", "kd-input");
      input.placeholder = this.t("speaker_new");
      input.setAttribute("aria-label", this.t("speaker_new"));
      input.maxLength = 80;
      add.append(input, button("kd-primary", this.t("speaker_set"), () => add.requestSubmit()));
      add.addEventListener("submit", (event) => {
        event.preventDefault();
        if (input.value.trim()) choose(input.value.trim());
      });
      menu.append(add);
      if (segment.speaker) menu.append(button("kd-link", this.t("speaker_clear"), () => choose("")));
    });
  }

  segmentMenu(segment, anchor) {
    this.openMenu(anchor, (menu) => {
      if (this.data.can_act) {
        const action = button("kd-item", this.t("to_action"), () => {
          this.closeMenu();
          this.enqueue({ op: "action", segment: segment.id }, { kind: "action" });
        });
        action.setAttribute("role", "menuitem");
        menu.append(action);
      }
      if (this.data.groups.length) {
        menu.append(el("div", "kd-menu-title", this.t("to_note")));
        for (const group of this.data.groups) {
          const item = button("kd-item", group.name, () => {
            this.closeMenu();
            this.enqueue({ op: "note", segment: segment.id, group: group.id }, { kind: "note" });
          });
          item.setAttribute("role", "menuitem");
          menu.append(item);
        }
      }
      if (!menu.childElementCount) menu.append(el("div", "kd-hint", this.t("nothing_here")));
    });
  }

  // --- events -------------------------------------------------------------------------

  enqueue(body, context) {
    const event = { id: newId(), ...body };
    this.pending.set(event.id, context || {});
    this.queue.push(event);
    this.pump();
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
      this.answer({ id: event.id, ok: false, message: this.t("no_answer") });
    }, ACK_TIMEOUT_MS * attempt);
  }

  answer(ack) {
    const context = this.pending.get(ack.id) || {};
    this.pending.delete(ack.id);
    if (this.inFlight === ack.id) {
      clearTimeout(this.inFlightTimer);
      this.inFlight = null;
    }
    if (context.kind === "edit") {
      const id = context.segment;
      const draft = this.drafts.get(id);
      if (ack.ok && ack.segment) {
        this.saved(id, ack.segment);
      } else if (draft && ack.conflict) {
        draft.saving = false;
        draft.conflict = ack.conflict;
        this.showConflict(id);
      } else if (draft) {
        draft.saving = false; // kept as typed; the next pause or blur tries again
        this.setState(id, ack.message || this.t("not_saved"), "error");
      }
    } else if (ack.message) {
      this.showToast(ack.message, ack.ok ? "ok" : "error");
    }
    this.pump();
  }

  showToast(message, tone) {
    this.toast.textContent = message;
    this.toast.dataset.tone = tone;
    this.toast.hidden = false;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => {
      this.toast.hidden = true;
    }, tone === "error" ? 6000 : 3000);
  }

  // --- playback -----------------------------------------------------------------------

  player() {
    // The recording's own player (st.audio) sits just above the editor.
    return document.querySelector('[data-testid="stAudio"]') || document.querySelector("audio");
  }

  togglePlay() {
    const audio = this.player();
    if (!audio) return;
    if (audio.paused) audio.play().catch(() => {});
    else audio.pause();
  }

  skip(seconds) {
    const audio = this.player();
    if (audio) audio.currentTime = Math.max(0, audio.currentTime + seconds);
  }

  playFrom(seconds) {
    const audio = this.player();
    if (!audio) return;
    audio.currentTime = seconds;
    if (this.rate) audio.playbackRate = this.rate;
    audio.play().catch(() => {});
    this.following = true;
    if (this.followBox) this.followBox.checked = true;
    this.userScrolledAt = 0;
  }

  seekWhenReady(seconds) {
    const audio = this.player();
    if (!audio) return;
    const go = () => {
      audio.currentTime = seconds;
    };
    if (audio.readyState >= 1) go();
    else audio.addEventListener("loadedmetadata", go, { once: true });
    const segment = this.segmentAt(seconds);
    if (segment) this.rows.get(segment.id)?.box.scrollIntoView({ block: "center" });
  }

  segmentAt(seconds) {
    const segments = this.data ? this.data.segments : [];
    let low = 0;
    let high = segments.length - 1;
    let found = null;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (segments[mid].start <= seconds + 0.05) {
        found = segments[mid];
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    // Between two segments, the last one started stays marked.
    return found;
  }

  follow(force) {
    const audio = this.player();
    if (!audio || !this.data) return;
    if (this.play) this.play.textContent = audio.paused ? this.t("play") : this.t("pause");
    if (this.time) this.time.textContent = `${clock(audio.currentTime)} / ${clock(audio.duration || 0)}`;
    const segment = audio.currentTime > 0 || !audio.paused ? this.segmentAt(audio.currentTime) : null;
    const id = segment ? segment.id : null;
    if (id === this.current && !force) return;
    if (this.current !== null) this.rows.get(this.current)?.box.classList.remove("kd-now");
    this.current = id;
    const row = id === null ? null : this.rows.get(id);
    if (!row) return;
    row.box.classList.add("kd-now");
    row.box.setAttribute("aria-current", "true");
    const editing = this.root.contains(document.activeElement) && document.activeElement.classList.contains("kd-text");
    const scrolledLately = Date.now() - this.userScrolledAt < FOLLOW_PAUSE_MS;
    if (!audio.paused && this.following !== false && !editing && !scrolledLately) {
      row.box.scrollIntoView({ block: "center", behavior: "smooth" });
    }
  }

  key(event) {
    // Ctrl+Space plays or pauses from anywhere, typing included.
    if (event.code === "Space" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.togglePlay();
    }
  }

  // --- search hits --------------------------------------------------------------------

  hitList() {
    const hits = (this.data && this.data.hits) || {};
    return this.data ? this.data.segments.filter((segment) => hits[segment.id]).map((segment) => segment.id) : [];
  }

  highlightHits() {
    const hits = this.data.hits || {};
    for (const [id, row] of this.rows) {
      row.box.classList.toggle("kd-hit", Boolean(hits[id]));
    }
    if (!canHighlight) return;
    const ranges = [];
    for (const [id, spans] of Object.entries(hits)) {
      const row = this.rows.get(Number(id));
      const draft = this.drafts.get(Number(id));
      if (!row || (draft && draft.dirty)) continue;
      const node = row.text.firstChild;
      if (!node || node.nodeType !== Node.TEXT_NODE) continue;
      for (const [start, end] of spans) {
        if (end > node.length) continue;
        const range = new Range();
        range.setStart(node, start);
        range.setEnd(node, end);
        ranges.push(range);
      }
    }
    CSS.highlights.set("kd-hit", new Highlight(...ranges));
  }

  jumpHit(step) {
    const hits = this.hitList();
    if (!hits.length) return;
    this.hitIndex = (this.hitIndex + step + hits.length) % hits.length;
    const row = this.rows.get(hits[this.hitIndex]);
    if (row) {
      row.box.scrollIntoView({ block: "center" });
      row.box.classList.add("kd-flash");
      setTimeout(() => row.box.classList.remove("kd-flash"), 1200);
    }
    this.userScrolledAt = Date.now();
    this.showHitLabel();
  }

  showHitLabel() {
    if (!this.hitLabel) return;
    const hits = this.hitList();
    this.hitLabel.textContent = hits.length
      ? this.t("hit_at", { at: this.hitIndex >= 0 ? this.hitIndex + 1 : "–", count: hits.length })
      : this.t("no_hits");
  }

  destroy() {
    clearInterval(this.tick);
    this.unlisten();
    document.removeEventListener("keydown", this.onKey);
    this.closeMenu();
    if (canHighlight) CSS.highlights.delete("kd-hit");
  }
}

// The page's component (ui/transcript_editor.py) imports this module once and
// calls update() with every new set of data; data.doc (the transcript as a
// JSON string) is parsed only when it changes.
export function update(root, data, send) {
  if (!root.__editor) root.__editor = new TranscriptEditor(root);
  if (root.__docText !== data.doc) {
    root.__docText = data.doc;
    root.__doc = JSON.parse(data.doc);
  }
  root.__editor.update({ ...root.__doc, ack: data.ack, start_at: data.start_at }, send);
}

export function destroy(root) {
  if (root.__editor) root.__editor.destroy();
  root.__editor = null;
}
