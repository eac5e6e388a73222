package storage

// rowsRead and rowsWritten of a cursor, as workerd counts them. workerd's
// SQLite is patched (patches/sqlite/0001-row-counts-plain.patch, from
// libSQL) to count, per statement, the rows its program visits and writes:
//
//   - read: every step of a loop (OP_Next, OP_Prev, OP_SorterNext, OP_VNext),
//     every start of a loop or seek (OP_Rewind, OP_Last, OP_Sort,
//     OP_SorterSort, OP_Seek*, OP_SeekRowid, OP_NotExists), and for
//     count(*) of a whole table (OP_Count) the rows it counted;
//   - written: every row inserted into a table or index that is not a
//     temporary one (OP_Insert, OP_IdxInsert), the table's own rows deleted
//     (OP_Delete of a counted change, not the index entries), rows of
//     virtual tables (OP_VUpdate).
//
// modernc's SQLite has no such counters, so they are rebuilt from what it
// does expose:
//
//   - Loop steps are exact: sqlite3_stmt_status counts OP_Next/OP_Prev/
//     OP_SorterNext in two counters (full-scan steps, other steps).
//   - Loop starts and seeks are the number of such opcodes in the
//     statement's program (EXPLAIN), each counted once, but OP_NotExists
//     (the existence check of a rowid being written) once per row changed:
//     exact for one-table statements, short by the repeats of inner loops
//     in joins.
//   - count(*): the rows counted are the value it returns.
//   - Writes: the rows changed (sqlite3_total_changes64, triggers included)
//     times (1 + the indexes the program inserts into per row), plus the
//     writes the program makes once (sqlite_master rows of DDL,
//     sqlite_sequence of AUTOINCREMENT).
//   - Not counted: steps of virtual-table loops (json_each, FTS5 queries).
//
// The program of a statement that writes is analysed when it is compiled,
// before it runs (DDL cannot be compiled again once it ran); that of a
// read-only one only when a count is asked for. Once per cached statement.
//
// Checked against wrangler dev 4.86.0: exact for single-table SELECT,
// INSERT (with or without rowids, indexes, AUTOINCREMENT, RETURNING),
// UPDATE, DELETE, CREATE TABLE/VIEW; approximate for joins, upserts,
// DROP and ALTER TABLE, table-valued functions.

import (
	sqlite3 "modernc.org/sqlite/lib"
)

// programStats is what a statement's program tells about its counts.
type programStats struct {
	starts       int64 // loop starts and seeks
	perRowStarts int64 // seeks per row changed
	count        bool  // count(*) of a table: its value is rows read
	perRowWrites int64 // rows written per row changed
	onceWrites   int64 // rows written once per run
}

// analyzeProgram reads the program of one statement with EXPLAIN.
func analyzeProgram(c *conn, query string) (*programStats, error) {
	q, err := c.prepareTrusted("EXPLAIN " + query)
	if err != nil {
		return nil, err
	}
	defer q.finalize()
	const (
		colOpcode = 1
		colP1     = 2
		colP2     = 3
		colP3     = 4
		colP5     = 6
		nchange   = 0x01 // OPFLAG_NCHANGE
		isNoop    = 0x40 // OPFLAG_ISNOOP: an OP_Insert that only calls the pre-update hook
	)
	type op struct {
		name       string
		p1, p2, p3 int64
		p5         int64
	}
	var ops []op
	// Cursors on temporary tables and sorters. A program is not laid out in
	// execution order (the ephemeral table of a RETURNING clause is opened
	// at the end), so they are found first.
	temp := make(map[int64]bool)
	for {
		row, err := q.step()
		if err != nil {
			return nil, err
		}
		if !row {
			break
		}
		o := op{name: q.columnText(colOpcode), p1: q.columnInt64(colP1), p2: q.columnInt64(colP2),
			p3: q.columnInt64(colP3), p5: q.columnInt64(colP5)}
		switch o.name {
		case "OpenEphemeral", "OpenAutoindex", "SorterOpen", "OpenPseudo", "OpenDup":
			temp[o.p1] = true
		}
		ops = append(ops, o)
	}
	ps := &programStats{}
	rowChange := false
	for _, o := range ops {
		switch o.name {
		case "Rewind", "Last", "Sort", "SorterSort", "SeekGE", "SeekGT", "SeekLE", "SeekLT", "SeekRowid":
			ps.starts++
		case "NotExists":
			// The existence check of a row an INSERT or UPDATE writes: once
			// per row it changes.
			ps.perRowStarts++
		case "Count":
			ps.count = true
		case "Insert":
			switch {
			case temp[o.p1], o.p5&isNoop != 0:
			case o.p5&nchange != 0:
				rowChange = true
			default:
				ps.onceWrites++
			}
		case "IdxInsert":
			if !temp[o.p1] {
				ps.perRowWrites++
			}
		case "Delete":
			// OP_Delete keeps its flags in P2, not P5.
			if o.p2&nchange != 0 {
				rowChange = true
			}
		case "Clear":
			if o.p3 != 0 {
				rowChange = true
			}
		case "VUpdate":
			rowChange = true
		}
	}
	if rowChange {
		ps.perRowWrites++
	}
	return ps, nil
}

// programStats returns the analysis of the cursor's statement, computing
// it on first use. nil if the statement cannot be compiled any more (its
// tables were dropped since).
func (c *Cursor) programStats() *programStats {
	if c.stats == nil && c.entry.stats != nil {
		c.stats = c.entry.stats
	}
	if c.stats == nil && c.db.err == nil && c.gen == c.db.sql.gen {
		if ps, err := analyzeProgram(c.db.c, c.entry.lastSQL); err == nil {
			c.stats, c.entry.stats = ps, ps
		}
	}
	return c.stats
}

// RowsRead is the number of rows the statement has read so far.
func (c *Cursor) RowsRead() int64 {
	nexts := c.nexts
	if c.live() {
		nexts = c.st.status(0, false) + c.st.status(sqlite3.SQLITE_STMTSTATUS_FULLSCAN_STEP, false)
	}
	n := nexts
	if ps := c.programStats(); ps != nil {
		n += ps.starts + max(c.changes, 1)*ps.perRowStarts
		if ps.count {
			n += c.firstInt
		}
	}
	return n
}

// RowsWritten is the number of rows the statement has written so far;
// rows changed count once the statement is done.
func (c *Cursor) RowsWritten() int64 {
	ps := c.programStats()
	if ps == nil {
		return 0
	}
	return c.changes*ps.perRowWrites + ps.onceWrites
}
