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
	// infos are the items' infos, for matching.
	infos []*elementInfo
	// rootChildren and rootTypeChildren count the top-level elements.
	rootChildren     int
	rootTypeChildren map[string]int
	// countTypes is set when a selector needs positions among elements of
	// the same name (:nth-of-type).
	countTypes bool
}

// child counts a new element in the current parent and returns what
// matching needs of it.
func (s *stack) child(name string, ns Namespace, attrs []Attribute) *elementInfo {
	count, types := &s.rootChildren, &s.rootTypeChildren
	if n := len(s.items); n > 0 {
		count, types = &s.items[n-1].children, &s.items[n-1].typeChildren
	}
	*count++
	info := &elementInfo{localName: name, ns: ns, attrs: attrs, index: *count}
	if s.countTypes {
		if *types == nil {
			*types = make(map[string]int)
		}
		(*types)[name]++
		info.typeIndex = (*types)[name]
	}
	return info
}

// ancestors are the open elements' infos, innermost last; the slice is
// the stack's, valid until it changes.
func (s *stack) ancestors() []*elementInfo { return s.infos }

func (s *stack) push(info *elementInfo) *stackItem {
	it := &stackItem{info: info, endTagHook: -1}
	s.items = append(s.items, it)
	s.infos = append(s.infos, info)
	return it
}

// popTo closes the innermost open element named name and those inside
// it, returning them outermost first; nothing if none is open.
func (s *stack) popTo(name []byte) []*stackItem {
	for i := len(s.items) - 1; i >= 0; i-- {
		if s.items[i].info.localName == string(name) {
			popped := s.items[i:]
			s.items = s.items[:i:i]
			s.infos = s.infos[:i]
			return popped
		}
	}
	return nil
}
