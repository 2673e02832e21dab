package io.feedscope.ui.internal;

import java.util.function.Function;

import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;

/** Text columns of the small JFace tables (findings, capture set): title, width, text and colour per row. */
final class TextColumns {

	private TextColumns() {
	}

	/** Shows each cell's whole text as its tooltip (a long finding's message is cut off by its column). */
	static void enableToolTips(TableViewer viewer) {
		org.eclipse.jface.viewers.ColumnViewerToolTipSupport.enableFor(viewer);
	}

	/**
	 * @param type the rows' type
	 * @param text the cell text of a row
	 * @param foreground the text colour of a row, or null for the default
	 * @return the column, to add editing or sorting to
	 */
	static <T> TableViewerColumn add(TableViewer viewer, String title, int width, Class<T> type, Function<T, String> text,
			@Nullable Function<T, @Nullable Color> foreground) {
		TableViewerColumn c = new TableViewerColumn(viewer, SWT.LEFT);
		c.getColumn().setText(title);
		c.getColumn().setWidth(width);
		c.setLabelProvider(new ColumnLabelProvider() {
			@Override
			public String getText(Object element) {
				return text.apply(type.cast(element));
			}

			/** the whole text: a narrow column cuts it off with an ellipsis (see {@link #enableToolTips}) */
			@Override
			public @Nullable String getToolTipText(Object element) {
				String t = text.apply(type.cast(element));
				return t.isEmpty() ? null : t;
			}

			@Override
			public @Nullable Color getForeground(Object element) {
				return foreground == null ? null : foreground.apply(type.cast(element));
			}
		});
		return c;
	}
}
