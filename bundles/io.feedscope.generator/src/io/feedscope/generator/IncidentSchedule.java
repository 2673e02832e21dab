package io.feedscope.generator;

import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.generator.Scenario.Event;

/**
 * When the scenario's incidents happen: each at a position of the run (a fraction of its frames, or of its
 * duration), in order. The engine asks at every frame what is due and applies it to the lines and the stream.
 */
final class IncidentSchedule {

	private final List<Event> fEvents;
	private int fNext;

	IncidentSchedule(List<Event> events) {
		fEvents = events;
	}

	/** @return the next incident due at this progress of the run (0..1), null when none is */
	@Nullable
	Event due(double progress) {
		if (fNext < fEvents.size() && fEvents.get(fNext).at() <= progress) {
			return fEvents.get(fNext++);
		}
		return null;
	}
}
