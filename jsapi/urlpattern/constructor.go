package urlpattern

// The constructor string parser (https://urlpattern.spec.whatwg.org/#constructor-string-parsing):
// splits a pattern like "https://*.example.com/:path*?q#h" into its
// components on lenient tokens, minding groups and IPv6 brackets.

type csState int

const (
	csInit csState = iota
	csProtocol
	csAuthority
	csUsername
	csPassword
	csHostname
	csPort
	csPathname
	csSearch
	csHash
	csDone
)

var csComponent = map[csState]string{
	csProtocol: "protocol", csUsername: "username", csPassword: "password", csHostname: "hostname",
	csPort: "port", csPathname: "pathname", csSearch: "search", csHash: "hash",
}

type constructorParser struct {
	input          []rune
	tokens         []token
	result         Init
	componentStart int
	index          int
	increment      int
	groupDepth     int
	ipv6Depth      int
	protocolIsSpec bool
	state          csState
}

// parseConstructorString returns the components a pattern string names.
func parseConstructorString(input string) (Init, error) {
	tokens, err := tokenize(input, true)
	if err != nil {
		return nil, err
	}
	p := &constructorParser{input: []rune(input), tokens: tokens, result: Init{}}
	for p.index < len(p.tokens) {
		p.increment = 1
		if p.tokens[p.index].typ == tokEnd {
			if p.state == csInit {
				p.rewind()
				switch {
				case p.isHashPrefix():
					p.changeState(csHash, 1)
				case p.isSearchPrefix():
					p.changeState(csSearch, 1)
				default:
					p.changeState(csPathname, 0)
				}
				p.index += p.increment
				continue
			}
			if p.state == csAuthority {
				p.rewindAndSetState(csHostname)
				p.index += p.increment
				continue
			}
			p.changeState(csDone, 0)
			break
		}
		if p.tokens[p.index].typ == tokOpen {
			p.groupDepth++
			p.index += p.increment
			continue
		}
		if p.groupDepth > 0 {
			if p.tokens[p.index].typ == tokClose {
				p.groupDepth--
			} else {
				p.index += p.increment
				continue
			}
		}
		switch p.state {
		case csInit:
			if p.isNonSpecial(p.index, ":") {
				p.rewindAndSetState(csProtocol)
			}
		case csProtocol:
			if p.isNonSpecial(p.index, ":") {
				if err := p.computeProtocolIsSpecial(); err != nil {
					return nil, err
				}
				next, skip := csPathname, 1
				if p.isNonSpecial(p.index+1, "/") && p.isNonSpecial(p.index+2, "/") {
					next, skip = csAuthority, 3
				} else if p.protocolIsSpec {
					next = csAuthority
				}
				p.changeState(next, skip)
			}
		case csAuthority:
			if p.isNonSpecial(p.index, "@") {
				p.rewindAndSetState(csUsername)
			} else if p.isNonSpecial(p.index, "/") || p.isSearchPrefix() || p.isHashPrefix() {
				p.rewindAndSetState(csHostname)
			}
		case csUsername:
			if p.isNonSpecial(p.index, ":") {
				p.changeState(csPassword, 1)
			} else if p.isNonSpecial(p.index, "@") {
				p.changeState(csHostname, 1)
			}
		case csPassword:
			if p.isNonSpecial(p.index, "@") {
				p.changeState(csHostname, 1)
			}
		case csHostname:
			switch {
			case p.isNonSpecial(p.index, "["):
				p.ipv6Depth++
			case p.isNonSpecial(p.index, "]"):
				p.ipv6Depth--
			case p.isNonSpecial(p.index, ":") && p.ipv6Depth == 0:
				p.changeState(csPort, 1)
			case p.isNonSpecial(p.index, "/"):
				p.changeState(csPathname, 0)
			case p.isSearchPrefix():
				p.changeState(csSearch, 1)
			case p.isHashPrefix():
				p.changeState(csHash, 1)
			}
		case csPort:
			switch {
			case p.isNonSpecial(p.index, "/"):
				p.changeState(csPathname, 0)
			case p.isSearchPrefix():
				p.changeState(csSearch, 1)
			case p.isHashPrefix():
				p.changeState(csHash, 1)
			}
		case csPathname:
			if p.isSearchPrefix() {
				p.changeState(csSearch, 1)
			} else if p.isHashPrefix() {
				p.changeState(csHash, 1)
			}
		case csSearch:
			if p.isHashPrefix() {
				p.changeState(csHash, 1)
			}
		}
		p.index += p.increment
	}
	if _, ok := p.result["hostname"]; ok {
		if _, ok := p.result["port"]; !ok {
			p.result["port"] = ""
		}
	}
	return p.result, nil
}

func (p *constructorParser) changeState(next csState, skip int) {
	if name, ok := csComponent[p.state]; ok {
		p.result[name] = p.componentString()
	}
	if p.state != csInit && next != csDone {
		has := func(name string) bool { _, ok := p.result[name]; return ok }
		before := func(states ...csState) bool {
			for _, s := range states {
				if p.state == s {
					return true
				}
			}
			return false
		}
		if before(csProtocol, csAuthority, csUsername, csPassword) && (next == csPort || next == csPathname || next == csSearch || next == csHash) && !has("hostname") {
			p.result["hostname"] = ""
		}
		if before(csProtocol, csAuthority, csUsername, csPassword, csHostname, csPort) && (next == csSearch || next == csHash) && !has("pathname") {
			if p.protocolIsSpec {
				p.result["pathname"] = "/"
			} else {
				p.result["pathname"] = ""
			}
		}
		if before(csProtocol, csAuthority, csUsername, csPassword, csHostname, csPort, csPathname) && next == csHash && !has("search") {
			p.result["search"] = ""
		}
	}
	p.state = next
	p.index += skip
	p.componentStart = p.index
	p.increment = 0
}

func (p *constructorParser) rewind() {
	p.index = p.componentStart
	p.increment = 0
}

func (p *constructorParser) rewindAndSetState(s csState) {
	p.rewind()
	p.state = s
}

func (p *constructorParser) safeToken(i int) token {
	if i < len(p.tokens) {
		return p.tokens[i]
	}
	return p.tokens[len(p.tokens)-1]
}

func (p *constructorParser) isNonSpecial(i int, value string) bool {
	t := p.safeToken(i)
	if t.value != value {
		return false
	}
	return t.typ == tokChar || t.typ == tokEscapedChar || t.typ == tokInvalidChar
}

func (p *constructorParser) isSearchPrefix() bool {
	if p.isNonSpecial(p.index, "?") {
		return true
	}
	if p.tokens[p.index].value != "?" {
		return false
	}
	if p.index == 0 {
		return true
	}
	switch p.safeToken(p.index - 1).typ {
	case tokName, tokRegexp, tokClose, tokAsterisk:
		return false
	}
	return true
}

func (p *constructorParser) isHashPrefix() bool { return p.isNonSpecial(p.index, "#") }

func (p *constructorParser) componentString() string {
	start := p.safeToken(p.componentStart).index
	end := p.tokens[p.index].index
	return string(p.input[start:end])
}

func (p *constructorParser) computeProtocolIsSpecial() error {
	c, err := compileComponent(p.componentString(), canonicalizeProtocol, defaultOptions)
	if err != nil {
		return err
	}
	p.protocolIsSpec = c.matchesSpecialScheme()
	return nil
}
