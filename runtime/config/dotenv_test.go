package config

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Expected values were produced by running the dotenv and dotenv-expand
// code bundled in wrangler 4.86 on the same inputs.
func TestParseDotenv(t *testing.T) {
	tests := []struct {
		name, src string
		want      envList
	}{
		{"plain", "A=1", envList{{"A", "1"}}},
		{"export", "export B=2", envList{{"B", "2"}}},
		{"spaces trimmed", "C = spaced value   ", envList{{"C", "spaced value"}}},
		{"single quotes keep escapes", `D='single $x \n'`, envList{{"D", `single $x \n`}}},
		{"double quotes expand \\n", `E="double\nnew"`, envList{{"E", "double\nnew"}}},
		{"backticks", "F=`back \"q\"`", envList{{"F", `back "q"`}}},
		{"comment after unquoted", "G=unquoted # comment", envList{{"G", "unquoted"}}},
		{"hash inside quotes", `H="quoted # not comment"`, envList{{"H", "quoted # not comment"}}},
		{"yaml style", "I:  yaml", envList{{"I", "yaml"}}},
		{"empty", "J=", envList{{"J", ""}}},
		{"line without = skipped", "K\nL=1", envList{{"L", "1"}}},
		{"key characters", "1bad-key.name=ok", envList{{"1bad-key.name", "ok"}}},
		{"multi-line quoted", "M=\"multi\nline\"", envList{{"M", "multi\nline"}}},
		{"unterminated quote", "N='unterminated", envList{{"N", "'unterminated"}}},
		{"duplicate keeps first position", "O=a\nP=x\nO=b", envList{{"O", "b"}, {"P", "x"}}},
		{"quoted padding kept", `Q = "  padded  "`, envList{{"Q", "  padded  "}}},
		{"escaped quote kept", `R="esc \" quote"`, envList{{"R", `esc \" quote`}}},
		{"CRLF", "S=1\r\nT=2\r\n", envList{{"S", "1"}, {"T", "2"}}},
		{"comment line", "  # comment line\nU=3", envList{{"U", "3"}}},
		{"= in value", "V=x=y", envList{{"V", "x=y"}}},
		{"value starting with #", "W=#nocomment", envList{{"W", ""}}},
		{"# without space", "X=a#b", envList{{"X", "a"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, parseDotenv(tt.src))
		})
	}
}

func TestExpandDotenv(t *testing.T) {
	tests := []struct {
		name             string
		parsed, env, out envList
	}{
		{"braced and bare", envList{{"A", "a"}, {"B", "${A}-$A"}}, nil, envList{{"A", "a"}, {"B", "a-a"}}},
		{"defaults", envList{{"A", "${MISSING:-def}"}, {"B", "${MISSING-def}"}}, nil, envList{{"A", "def"}, {"B", "def"}}},
		{"alternatives", envList{{"A", "x"}, {"B", "${A:+alt}"}, {"C", "${Z:+alt}"}, {"D", "${A+alt}"}}, nil,
			envList{{"A", "x"}, {"B", "alt"}, {"C", ""}, {"D", "alt"}}},
		{"escaped", envList{{"A", `\${A} \$B`}}, nil, envList{{"A", "${A} $B"}}},
		{"self reference", envList{{"A", "$A"}}, nil, envList{{"A", ""}}},
		{"cycle", envList{{"A", "$B"}, {"B", "$A"}}, nil, envList{{"A", ""}, {"B", ""}}},
		{"from the process", envList{{"P", "$HOME/x"}}, envList{{"HOME", "/h"}}, envList{{"HOME", "/h"}, {"P", "/h/x"}}},
		{"process wins", envList{{"A", "file"}}, envList{{"A", "proc"}}, envList{{"A", "proc"}}},
		{"empty process value is looked up", envList{{"A", "file"}, {"B", "$A"}}, envList{{"A", ""}}, envList{{"A", "file"}, {"B", ""}}},
		{"only earlier keys", envList{{"URL", "http://$HOST:$PORT"}, {"HOST", "h"}, {"PORT", "1"}, {"AGAIN", "$URL"}}, nil,
			envList{{"URL", "http://:"}, {"HOST", "h"}, {"PORT", "1"}, {"AGAIN", "http://:"}}},
		{"operator in default", envList{{"A", "a-b"}, {"B", "${A:-x-y}"}, {"C", "${Q:-x-y}"}}, nil,
			envList{{"A", "a-b"}, {"B", "a-b"}, {"C", "x-y"}}},
		{"later key", envList{{"A", "${B}${B}"}, {"B", "b"}}, nil, envList{{"A", ""}, {"B", "b"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.out, expandDotenv(tt.parsed, tt.env))
		})
	}
}
