/* The document-body editor (본문), one component for drafting and for an approver's edit on the
 * document page: ProseMirror (static/vendor/prosemirror) over the textarea the form posts.
 *
 * It writes what the server's cleaner keeps (core.sanitise): <p> per paragraph, <br> for
 * Shift+Enter, numbered and bulleted lists, tables (머리행, merged cells), bold/italic/underline.
 * ProseMirror leaves Korean IME composition to the browser and reads the result when it ends, so
 * syllables are neither doubled nor cut. Without JavaScript the textarea itself is used.
 *
 * Markup (templates/approval/_rich_body.html): an element with data-rich-body holding the
 * textarea, a .rich-toolbar of buttons named by data-command, and a .rich-editor to mount on.
 * Every change is copied into the textarea at once, with an "input" event, so a form's own
 * listeners (autosave) see it like typing. Keyboard: the usual shortcuts (Ctrl+B/I/U, Ctrl+Z/Y),
 * Tab/Shift+Tab to indent list items or move between table cells (elsewhere Tab leaves the
 * editor), Alt+F10 to the toolbar, arrows within it, Esc back to the text. */
(function () {
  "use strict";

  var PM = window.ProseMirror;
  if (!PM) return; /* the vendored file failed to load: the plain textarea stays */

  var model = PM.model;
  var basic = PM.schemaBasic.schema.spec;
  var tables = PM.tables;
  var lists = PM.schemaList;
  var commands = PM.commands;
  var history = PM.history;

  var nodes = lists.addListNodes(basic.nodes.remove("code_block").remove("image"), "paragraph block*", "block");
  nodes = nodes.append(tables.tableNodes({ tableGroup: "block", cellContent: "block+", cellAttributes: {} }));
  function decoration(value) {
    return function (style) {
      return style.indexOf(value) >= 0 ? null : false;
    };
  }
  var marks = basic.marks.remove("code").append({
    underline: {
      parseDOM: [
        { tag: "u" },
        { style: "text-decoration", getAttrs: decoration("underline") },
        { style: "text-decoration-line", getAttrs: decoration("underline") },
      ],
      toDOM: function () {
        return ["u", 0];
      },
    },
    strike: {
      parseDOM: [{ tag: "s" }, { tag: "strike" }, { tag: "del" }],
      toDOM: function () {
        return ["s", 0];
      },
    },
    sub: {
      excludes: "sup",
      parseDOM: [{ tag: "sub" }],
      toDOM: function () {
        return ["sub", 0];
      },
    },
    sup: {
      excludes: "sub",
      parseDOM: [{ tag: "sup" }],
      toDOM: function () {
        return ["sup", 0];
      },
    },
  });
  var schema = new model.Schema({ nodes: nodes, marks: marks });
  var parser = model.DOMParser.fromSchema(schema);
  var serializer = model.DOMSerializer.fromSchema(schema);
  var types = schema.nodes;

  /* Stored HTML into a document: parsed in an inert document, so nothing in it runs. */
  function fromHTML(html) {
    var inert = new window.DOMParser().parseFromString("<body>" + (html || "") + "</body>", "text/html");
    return parser.parse(inert.body);
  }

  function toHTML(doc) {
    var box = document.createElement("div");
    box.appendChild(serializer.serializeFragment(doc.content));
    return box.innerHTML;
  }

  /* --- commands the toolbar offers --------------------------------------------------------- */

  function markActive(type) {
    return function (state) {
      var sel = state.selection;
      if (sel.empty) return !!type.isInSet(state.storedMarks || sel.$from.marks());
      return state.doc.rangeHasMark(sel.from, sel.to, type);
    };
  }

  function listAround(state) {
    var $from = state.selection.$from;
    for (var depth = $from.depth; depth > 0; depth--) {
      var node = $from.node(depth);
      if (node.type === types.ordered_list || node.type === types.bullet_list) {
        return { node: node, pos: $from.before(depth) };
      }
    }
    return null;
  }

  /* 번호 목록 / 글머리 목록: on, off, or switched to the other kind. */
  function toggleList(type) {
    return function (state, dispatch) {
      var around = listAround(state);
      if (around && around.node.type === type) return lists.liftListItem(types.list_item)(state, dispatch);
      if (around) {
        if (dispatch) dispatch(state.tr.setNodeMarkup(around.pos, type));
        return true;
      }
      return lists.wrapInList(type)(state, dispatch);
    };
  }

  /* A 3×3 table with a header row, the cursor in its first cell. */
  function insertTable(state, dispatch) {
    if (tables.isInTable(state)) return false;
    var rows = [];
    for (var r = 0; r < 3; r++) {
      var cells = [];
      for (var c = 0; c < 3; c++) {
        cells.push((r === 0 ? types.table_header : types.table_cell).createAndFill());
      }
      rows.push(types.table_row.create(null, cells));
    }
    var table = types.table.create(null, rows);
    var $from = state.selection.$from;
    var fits = false;
    for (var depth = $from.depth; depth >= 0 && !fits; depth--) {
      var index = $from.index(depth);
      fits = $from.node(depth).canReplaceWith(index, index, types.table);
    }
    if (!fits) return false;
    if (dispatch) {
      var start = state.selection.from;
      var tr = state.tr.replaceSelectionWith(table);
      var at = null;
      tr.doc.nodesBetween(tr.mapping.map(start, -1), tr.doc.content.size, function (node, pos) {
        if (at === null && node.type === types.table) at = pos;
        return at === null;
      });
      if (at !== null) tr.setSelection(PM.state.TextSelection.near(tr.doc.resolve(at + 1)));
      dispatch(tr.scrollIntoView());
    }
    return true;
  }

  function clearFormatting(state, dispatch) {
    var sel = state.selection;
    if (sel.empty) return false;
    if (dispatch) dispatch(state.tr.removeMark(sel.from, sel.to).setStoredMarks(null));
    return true;
  }

  var hardBreak = commands.chainCommands(commands.exitCode, function (state, dispatch) {
    if (dispatch) dispatch(state.tr.replaceSelectionWith(types.hard_break.create()).scrollIntoView());
    return true;
  });

  var COMMANDS = {
    strong: { run: commands.toggleMark(schema.marks.strong), active: markActive(schema.marks.strong) },
    em: { run: commands.toggleMark(schema.marks.em), active: markActive(schema.marks.em) },
    underline: { run: commands.toggleMark(schema.marks.underline), active: markActive(schema.marks.underline) },
    ordered_list: { run: toggleList(types.ordered_list) },
    bullet_list: { run: toggleList(types.bullet_list) },
    indent: { run: lists.sinkListItem(types.list_item) },
    outdent: { run: lists.liftListItem(types.list_item) },
    table: { run: insertTable },
    row_after: { run: tables.addRowAfter },
    column_after: { run: tables.addColumnAfter },
    row_delete: { run: tables.deleteRow },
    column_delete: { run: tables.deleteColumn },
    merge: { run: tables.mergeCells },
    split: { run: tables.splitCell },
    table_delete: { run: tables.deleteTable },
    undo: { run: history.undo },
    redo: { run: history.redo },
    clear: { run: clearFormatting },
  };

  function keys(toolbar) {
    return {
      "Mod-z": history.undo,
      "Mod-y": history.redo,
      "Shift-Mod-z": history.redo,
      "Mod-b": COMMANDS.strong.run,
      "Mod-i": COMMANDS.em.run,
      "Mod-u": COMMANDS.underline.run,
      Enter: lists.splitListItem(types.list_item),
      "Shift-Enter": hardBreak,
      /* Where neither applies Tab is left to the browser: the keyboard user moves on. */
      Tab: commands.chainCommands(tables.goToNextCell(1), lists.sinkListItem(types.list_item)),
      "Shift-Tab": commands.chainCommands(tables.goToNextCell(-1), lists.liftListItem(types.list_item)),
      "Alt-F10": function () {
        var current = toolbar.querySelector("button[tabindex='0']") || toolbar.querySelector("button:not([disabled])");
        if (current) current.focus();
        return true;
      },
    };
  }

  /* --- the component ----------------------------------------------------------------------- */

  function mount(field) {
    if (field.dataset.richReady) return;
    var source = field.querySelector("textarea");
    var toolbar = field.querySelector(".rich-toolbar");
    var place = field.querySelector(".rich-editor");
    if (!source || !toolbar || !place) return;
    field.dataset.richReady = "1";
    var buttons = Array.prototype.slice.call(toolbar.querySelectorAll("button[data-command]"));

    var attributes = { role: "textbox", "aria-multiline": "true" };
    if (place.dataset.labelledby) attributes["aria-labelledby"] = place.dataset.labelledby;
    if (place.dataset.describedby) attributes["aria-describedby"] = place.dataset.describedby;

    var view = new PM.view.EditorView(
      { mount: place },
      {
        state: PM.state.EditorState.create({
          doc: fromHTML(source.value),
          plugins: [
            tables.tableEditing(),
            history.history(),
            PM.keymap.keymap(keys(toolbar)),
            PM.keymap.keymap(commands.baseKeymap),
            PM.gapcursor.gapCursor(),
          ],
        }),
        attributes: attributes,
        dispatchTransaction: function (tr) {
          var state = view.state.apply(tr);
          view.updateState(state);
          if (tr.docChanged) {
            source.value = toHTML(state.doc);
            source.dispatchEvent(new Event("input", { bubbles: true }));
          }
          refresh(state);
        },
      },
    );

    /* Buttons show what applies where the cursor is (disabled) and what is on (aria-pressed). */
    function refresh(state) {
      buttons.forEach(function (button) {
        var command = COMMANDS[button.dataset.command];
        if (!command) return;
        button.disabled = !command.run(state);
        if (command.active) button.setAttribute("aria-pressed", command.active(state) ? "true" : "false");
      });
      if (!buttons.some(function (b) { return b.tabIndex === 0 && !b.disabled; })) {
        rove(buttons.find(function (b) { return !b.disabled; }));
      }
    }

    /* One tab stop for the whole toolbar (WAI-ARIA toolbar): arrows move within it. */
    function rove(target) {
      buttons.forEach(function (b) {
        b.tabIndex = b === target ? 0 : -1;
      });
    }

    toolbar.addEventListener("mousedown", function (event) {
      if (event.target.closest("button")) event.preventDefault(); /* the text keeps its selection */
    });
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-command]");
      if (!button || button.disabled) return;
      var command = COMMANDS[button.dataset.command];
      if (!command) return;
      rove(button);
      command.run(view.state, view.dispatch, view);
      view.focus();
    });
    toolbar.addEventListener("keydown", function (event) {
      var enabled = buttons.filter(function (b) { return !b.disabled; });
      var index = enabled.indexOf(document.activeElement);
      var next = null;
      if (event.key === "ArrowRight") next = enabled[(index + 1) % enabled.length];
      else if (event.key === "ArrowLeft") next = enabled[(index - 1 + enabled.length) % enabled.length];
      else if (event.key === "Home") next = enabled[0];
      else if (event.key === "End") next = enabled[enabled.length - 1];
      else if (event.key === "Escape") {
        event.preventDefault();
        view.focus();
        return;
      }
      if (next) {
        event.preventDefault();
        rove(next);
        next.focus();
      }
    });
    var label = field.querySelector("label[for='" + source.id + "']");
    if (label) {
      label.addEventListener("click", function (event) {
        event.preventDefault();
        view.focus();
      });
    }

    source.hidden = true;
    place.hidden = false;
    toolbar.hidden = false;
    rove(buttons[0]);
    refresh(view.state);
  }

  function init(root) {
    if (!root.querySelectorAll) return;
    if (root.matches && root.matches("[data-rich-body]")) mount(root);
    Array.prototype.forEach.call(root.querySelectorAll("[data-rich-body]"), mount);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      init(document);
    });
  } else {
    init(document);
  }
  /* The document page swaps its actions part (with the edit form) in by htmx. */
  document.addEventListener("htmx:load", function (event) {
    init(event.target);
  });
})();
