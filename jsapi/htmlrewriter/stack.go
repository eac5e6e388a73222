package htmlrewriter

// The open elements, as lol-html's selector matching keeps them
// (src/selectors_vm/stack.rs): a start tag opens an element unless it is
// void (or self-closing, outside HTML); an end tag closes the innermost
// open element of its name and every element opened inside it, and an end
// tag matching no open element changes nothing. No other rule of the
// standard's tree construction applies: "<p>a<p>b" nests the second p in
// the first.

type stackItem struct {
	info *elementInfo
	// children and typeChildren count the elements started inside.
	children     int
	typeChildren map[string]int
	// matched are the element handlers whose content handlers this
	// element activated.
	matched []int
	// endTagHook indexes the rewriter's end tag hooks, -1 for none.
	endTagHook    int
	removeContent bool
}

type stack struct {
	items []*stackItem
	// rootChildren and rootTypeChildren count the top-level elements.
	rootChildren     int
	rootTypeChildren map[string]int
}

// child counts a new element in the current parent and returns what
// matching needs of it.
func (s *stack) child(name string, ns Namespace, attrs []Attribute) *elementInfo {
	count, types := &s.rootChildren, &s.rootTypeChildren
	if n := len(s.items); n > 0 {
		count, types = &s.items[n-1].children, &s.items[n-1].typeChildren
	}
	*count++
	if *types == nil {
		*types = make(map[string]int)
	}
	(*types)[name]++
	return &elementInfo{localName: name, ns: ns, attrs: attrs, index: *count, typeIndex: (*types)[name]}
}

// ancestors are the open elements' infos, innermost last.
func (s *stack) ancestors() []*elementInfo {
	out := make([]*elementInfo, len(s.items))
	for i, it := range s.items {
		out[i] = it.info
	}
	return out
}

func (s *stack) push(info *elementInfo) *stackItem {
	it := &stackItem{info: info, endTagHook: -1}
	s.items = append(s.items, it)
	return it
}

// popTo closes the innermost open element named name and those inside
// it, returning them outermost first; nothing if none is open.
func (s *stack) popTo(name string) []*stackItem {
	for i := len(s.items) - 1; i >= 0; i-- {
		if s.items[i].info.localName == name {
			popped := s.items[i:]
			s.items = s.items[:i:i]
			return popped
		}
	}
	return nil
}
