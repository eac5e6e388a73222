// Package compattests holds kindling's conformance tests: the corpus of
// small Worker and Durable Object cases whose results were recorded from
// workerd (wrangler dev), run against the kindling binary, and real
// projects run end to end.
//
// The corpus lives in the development workspace beside the repository
// (../shared/conformance, or KINDLING_CONFORMANCE_DIR). known-failures.txt
// lists the cases kindling does not pass yet, each with a reason; the test
// fails when any other case fails and when a listed case passes, so the
// list can only shrink.
package compattests
