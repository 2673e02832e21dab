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

	/**
	 * The context of a check whose {@link FeedCheck#start(CheckContext)} has not run yet: a check keeps it in
	 * its field until then, so that a call out of order fails with this message instead of a null pointer.
	 */
	CheckContext UNSTARTED = new CheckContext() {
		private IllegalStateException early() {
			return new IllegalStateException("a check was used before FeedCheck.start(CheckContext)");
		}

		@Override
		public AnalysisOptions options() {
			throw early();
		}

		@Override
		public java.util.List<FeedSession> sessions() {
			throw early();
		}

		@Override
		public String checkId() {
			throw early();
		}

		@Override
		public int slot() {
			throw early();
		}

		@Override
		public void report(Finding finding) {
			throw early();
		}
	};
}
