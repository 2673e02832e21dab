package io.feedscope.analysis;

/**
 * What a {@link FeedCheck} gets from the analysis that runs it: the options, a read-only view of the sessions,
 * the sinks for findings and annotations, and the values of the options the check declared.
 */
public interface CheckContext {

	/** @return the run's options */
	AnalysisOptions options();

	/**
	 * @return every session seen so far (all of them once {@link FeedCheck#finish()} is called); lines are
	 *         sorted A, B, ... at finish. Unmodifiable.
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

	/** @return a finding builder with this check's id: {@code context.report(context.finding(ERROR).range(a, b)...build())} */
	default Finding.Builder finding(Severity severity) {
		return Finding.builder(severity, checkId());
	}

	/**
	 * Gives the views something to draw that is not a finding of its own (for a finding, use
	 * {@link Finding.Builder#annotate}). At most {@link AnalysisOptions#listLimit()} are kept per check.
	 */
	default void annotate(Annotation annotation) {
		throw new UnsupportedOperationException("this context keeps no annotations");
	}

	/**
	 * Declares that the check reads a message field, e.g. {@code itch50.shares}; only in
	 * {@link FeedCheck#start}, so the sources read the field of every DATA message before the first packet
	 * (fields nobody declared cost nothing). Read it with {@link PacketView#has(int, int)} and
	 * {@link PacketView#value(int, int)}.
	 *
	 * @param name the field's full name, as {@code feedscope filter-fields} lists it
	 * @return the field's slot for {@link PacketView#value(int, int)}
	 * @throws IllegalStateException after {@link FeedCheck#start}
	 */
	default int field(String name) {
		throw new UnsupportedOperationException("this context reads no message fields");
	}

	/**
	 * @param name an option the check's contribution declares ({@link CheckDescriptor#options()})
	 * @return its value in this run: what the user set, else the declared default
	 * @throws IllegalArgumentException when the contribution declares no such option
	 */
	default String option(String name) {
		throw new IllegalArgumentException("check " + checkId() + " declares no option " + name);
	}

	/** @return {@link #option(String)} of an {@code integer} option */
	default long longOption(String name) {
		return Long.parseLong(option(name).strip());
	}

	/** @return {@link #option(String)} of a {@code decimal} option */
	default double doubleOption(String name) {
		return Double.parseDouble(option(name).strip());
	}

	/** @return {@link #option(String)} of a {@code boolean} option */
	default boolean booleanOption(String name) {
		return Boolean.parseBoolean(option(name).strip());
	}

	/** @return {@link #option(String)} of a {@code duration} option, in ns */
	default long durationOption(String name) {
		return AnalysisOptions.parseGapTimeout(option(name));
	}

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
