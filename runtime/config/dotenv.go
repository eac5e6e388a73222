package config

import (
	"regexp"
	"strings"
)

// The .dev.vars and .env formats, as wrangler reads them with the npm
// packages dotenv (parse) and dotenv-expand 12 (${VAR} interpolation, for
// .env files only). Their rules are reproduced rather than taken from a Go
// dotenv library because those differ where users notice: godotenv expands
// `$VAR` inside .dev.vars values and rejects lines dotenv skips.

// envVar is one KEY=value pair; files keep their order.
type envVar struct{ name, value string }

type envList []envVar

func (l envList) get(name string) (string, bool) {
	for _, v := range l {
		if v.name == name {
			return v.value, true
		}
	}
	return "", false
}

// set overrides a value in place (a JavaScript object keeps a key where it
// was first added) or appends it.
func (l *envList) set(name, value string) {
	for i := range *l {
		if (*l)[i].name == name {
			(*l)[i].value = value
			return
		}
	}
	*l = append(*l, envVar{name, value})
}

// dotenvLine is dotenv's LINE expression: an optional `export`, a key, `=`
// (or `: `), then a single-, double- or backtick-quoted value (which may span
// lines) or the rest of the line up to a comment.
var dotenvLine = regexp.MustCompile(`(?m)^\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*` + "`(?:\\\\`|[^`])*`" + `|[^#\r\n]+)?\s*(?:#.*)?$`)

// parseDotenv reads a file the way dotenv.parse does: lines that do not
// match are skipped, later keys override earlier ones.
func parseDotenv(src string) envList {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	src = strings.ReplaceAll(src, "\r", "\n")
	var out envList
	for _, m := range dotenvLine.FindAllStringSubmatch(src, -1) {
		value := strings.TrimSpace(m[2])
		if n := len(value); n >= 2 && strings.IndexByte("'\"`", value[0]) >= 0 && value[n-1] == value[0] {
			quote := value[0]
			value = value[1 : n-1]
			if quote == '"' {
				value = strings.NewReplacer(`\n`, "\n", `\r`, "\r").Replace(value)
			}
		}
		out.set(m[1], value)
	}
	return out
}

// dotenvRef finds `${expr}` or `$NAME`; expandValue skips the ones escaped
// with a backslash, which dotenv-expand does with a lookbehind RE2 lacks.
var dotenvRef = regexp.MustCompile(`\$\{([^{}]+)\}|\$([A-Za-z_][A-Za-z0-9_]*)`)

// expandDotenv interpolates merged .env values as dotenv-expand 12 does.
// A name already set (to something else) in processEnv keeps that value,
// and every file value ends up in processEnv too, which is returned.
func expandDotenv(parsed envList, processEnv envList) envList {
	var running envList
	for i, kv := range parsed {
		value := kv.value
		if pv, ok := processEnv.get(kv.name); ok && pv != "" && pv != value {
			value = pv
		} else {
			value = expandValue(value, processEnv, running)
		}
		value = strings.ReplaceAll(value, `\$`, "$")
		parsed[i].value = value
		running.set(kv.name, value)
	}
	for _, kv := range parsed {
		processEnv.set(kv.name, kv.value)
	}
	return processEnv
}

// expandValue repeatedly replaces the first reference until none is left,
// supporting ${A:-default}, ${A-default}, ${A:+alt} and ${A+alt}. Like
// dotenv-expand, it replaces the first occurrence of the reference's text,
// does not substitute a value it has already produced (so cycles end), and
// stops once the result equals the referenced variable's own value.
func expandValue(value string, processEnv, running envList) string {
	lookup := func(name string) string {
		if v, ok := processEnv.get(name); ok {
			return v
		}
		v, _ := running.get(name)
		return v
	}
	seen := map[string]bool{}
	result := value
	for {
		loc := firstUnescapedRef(result)
		if loc == nil {
			return result
		}
		seen[result] = true
		template := result[loc[0]:loc[1]]
		var expr string
		if loc[2] >= 0 {
			expr = result[loc[2]:loc[3]] // ${expr}
		} else {
			expr = result[loc[4]:loc[5]] // $NAME
		}
		name, op, rest := splitExpansion(expr)
		var replacement string
		switch current := lookup(name); op {
		case ":+", "+":
			if current != "" {
				replacement = rest
			}
		default:
			switch {
			case current == "":
				replacement = rest
			case seen[current]:
				replacement = rest
			default:
				replacement = current
			}
		}
		result = strings.Replace(result, template, replacement, 1)
		if v, ok := running.get(name); ok && result == v {
			return result
		}
	}
}

func firstUnescapedRef(s string) []int {
	for _, loc := range dotenvRef.FindAllStringSubmatchIndex(s, -1) {
		if loc[0] == 0 || s[loc[0]-1] != '\\' {
			return loc
		}
	}
	return nil
}

// splitExpansion splits `NAME<op>rest` at the first operator, where an
// operator is `:+`, `+`, `:-` or `-` (tried in that order at each position).
func splitExpansion(expr string) (name, op, rest string) {
	for i := 0; i < len(expr); i++ {
		for _, candidate := range []string{":+", "+", ":-", "-"} {
			if strings.HasPrefix(expr[i:], candidate) {
				parts := strings.Split(expr, candidate)
				return parts[0], candidate, strings.Join(parts[1:], candidate)
			}
		}
	}
	return expr, "", ""
}
