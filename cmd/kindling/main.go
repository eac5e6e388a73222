// Command kindling runs Cloudflare Workers and Durable Objects projects
// locally: `kindling dev` in a folder with a wrangler.toml, wrangler.json or
// wrangler.jsonc serves the Worker on http://127.0.0.1:8787, as
// `wrangler dev` does.
package main

import (
	"fmt"
	"os"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `kindling runs Cloudflare Workers and Durable Objects locally.

Usage:
  kindling dev [ENTRY] [flags]   serve the Worker of the wrangler config in this folder
  kindling version               print the version

Run "kindling dev --help" for the flags of dev.
`

func main() {
	os.Exit(run(os.Args[1:]))
}

// run executes a command line and returns the process exit code.
func run(args []string) int {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, usage)
		return 2
	}
	switch args[0] {
	case "dev":
		return dev(args[1:])
	case "version", "--version", "-v":
		fmt.Println("kindling", version)
		return 0
	case "help", "--help", "-h":
		fmt.Print(usage)
		return 0
	}
	fmt.Fprintf(os.Stderr, "kindling: unknown command %q\n\n%s", args[0], usage)
	return 2
}
