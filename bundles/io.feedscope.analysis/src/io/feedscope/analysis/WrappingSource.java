package io.feedscope.analysis;

/**
 * A source that reads another one on other threads and hands its events over in batches
 * ({@link ReadAheadSource}, {@link ParallelPacketSource}): what the two have in common, so they cannot drift.
 * The capture's name, path and format are the wrapped source's; message fields can be asked for only before
 * the first {@link #advance()}, since the other threads read them from the start.
 */
abstract class WrappingSource implements PacketSource {

	private final PacketSource fWrapped;
	private boolean fStarted;

	/** @param wrapped the source read on other threads; owned by the subclass, which closes it */
	WrappingSource(PacketSource wrapped) {
		fWrapped = wrapped;
	}

	/** @return the source read on other threads */
	final PacketSource wrapped() {
		return fWrapped;
	}

	/** @return true once the reading threads were started (by the first {@link #advance()}) */
	final boolean started() {
		return fStarted;
	}

	/** Marks the reading as started: the first {@link #advance()} calls it before starting its threads. */
	final void markStarted() {
		fStarted = true;
	}

	/**
	 * Passes the fields to the reading: before the first {@link #advance()} only.
	 *
	 * @throws IllegalStateException once the reading started
	 */
	@Override
	public final void readFields(java.util.List<String> names) {
		if (fStarted) {
			throw new IllegalStateException("fields must be asked for before the first advance");
		}
		fieldsRead(names);
	}

	/** The fields to read, before the reading threads start. */
	abstract void fieldsRead(java.util.List<String> names);

	@Override
	public final String name() {
		return fWrapped.name();
	}

	@Override
	public final String path() {
		return fWrapped.path();
	}

	@Override
	public final String format() {
		return fWrapped.format();
	}
}
