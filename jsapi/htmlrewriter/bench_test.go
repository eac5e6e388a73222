package htmlrewriter

import (
	"strings"
	"testing"
)

// benchPage is 2.9 MB of HTML: 20,000 rows of a link, a paragraph and a span.
var benchPage = []byte("<html><head><title>t</title></head><body>" + strings.Repeat(
	`<div class="item"><a href="http://example.com/x">link</a><p>Some paragraph text with &amp; entities and more words here.</p><span>s</span></div>`+"\n",
	20000) + "</body></html>")

func benchmarkRewrite(b *testing.B, settings func() Settings) {
	b.SetBytes(int64(len(benchPage)))
	for i := 0; i < b.N; i++ {
		rw, err := New(settings(), func([]byte) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
		for chunk := benchPage; len(chunk) > 0; {
			n := min(len(chunk), 64<<10)
			if err := rw.Write(chunk[:n]); err != nil {
				b.Fatal(err)
			}
			chunk = chunk[n:]
		}
		if err := rw.End(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRewriteNoHandlers(b *testing.B) {
	benchmarkRewrite(b, func() Settings { return Settings{} })
}

func BenchmarkRewriteWithHandlers(b *testing.B) {
	links, _ := ParseSelector("a[href^=http]")
	paragraphs, _ := ParseSelector("div.item > p")
	benchmarkRewrite(b, func() Settings {
		return Settings{Elements: []ElementHandlers{
			{Selector: links, Element: func(el *Element) error { return el.SetAttribute("rel", "noopener") }},
			{Selector: paragraphs, Text: func(t *TextChunk) error {
				if t.Text() != "" {
					t.Replace(TextContent(strings.ToUpper(t.Text()), false))
				}
				return nil
			}},
		}}
	})
}
