// Package config reads a Worker project's wrangler configuration
// (wrangler.toml, wrangler.json or wrangler.jsonc) the way wrangler 4 does
// for `wrangler dev`, and turns it into a Config: the selected environment
// applied, paths made absolute, defaults filled in, local secrets
// (.dev.vars, .env) and --var overrides merged, Durable Object migrations
// replayed into each class's storage kind.
//
// It owns discovery, parsing, validation and normalisation, and reports
// every problem with its file, line and key path. Warnings follow wrangler's
// (unexpected fields, bindings an environment does not inherit); errors are
// returned together as an *Error.
//
// Both formats are parsed into one tree (tree.go) that remembers where each
// key is, and one normaliser reads that tree, so TOML and JSON share every
// check. This package must not import goja.
package config
