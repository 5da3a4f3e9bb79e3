// The ProseMirror modules the body editor uses, as one global (window.ProseMirror): the
// editor itself is ours, in static/js/approval-editor.js, and needs no build step.
export * as model from "prosemirror-model";
export * as state from "prosemirror-state";
export * as view from "prosemirror-view";
export * as transform from "prosemirror-transform";
export * as commands from "prosemirror-commands";
export * as keymap from "prosemirror-keymap";
export * as history from "prosemirror-history";
export * as schemaBasic from "prosemirror-schema-basic";
export * as schemaList from "prosemirror-schema-list";
export * as tables from "prosemirror-tables";
export * as gapcursor from "prosemirror-gapcursor";
