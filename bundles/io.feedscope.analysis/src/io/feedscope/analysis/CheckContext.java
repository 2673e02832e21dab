package io.feedscope.analysis;

/** What a {@link FeedCheck} gets from the analysis that runs it. */
public interface CheckContext {

	/** @return the run's options */
	AnalysisOptions options();

	/**
	 * @return every session seen so far (all of them once {@link FeedCheck#finish()} is called); lines are
	 *         sorted A, B, ... at finish
	 */
	java.util.List<FeedSession> sessions();

	/**
	 * @return captures (tap points) declared for the run so far; 1 tells a check that no line can be seen at
	 *         two tap points. -1 when unknown.
	 */
	default int captureCount() {
		return -1;
	}

	/** @return this check's id (from its contribution) */
	String checkId();

	/** @return index of this check's state in {@link FeedSession#checkState(int)} / {@link FeedLine#checkState(int)} */
	int slot();

	/**
	 * Reports a finding; at most {@link AnalysisOptions#findingsPerCheck()} are kept per check, the rest
	 * are counted in {@link AnalysisResult#droppedFindings()}.
	 */
	void report(Finding finding);
}
