package io.feedscope.spark;

import java.io.Serializable;
import java.util.List;

import org.apache.spark.sql.Row;

/** What a task made of a capture set: rows of the three tables ({@link Tables}). */
record SetOutcome(List<Row> findings, List<Row> sessions, Row run) implements Serializable {
}
