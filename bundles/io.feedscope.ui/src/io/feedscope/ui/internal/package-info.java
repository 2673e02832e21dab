/**
 * Implementation of the workbench (application, perspective, views, handlers); exported to tests only.
 * <p>
 * Return types, type arguments and array contents are non-null by default; parameters and fields are not:
 * the classes here mostly override SWT, JFace and workbench methods whose parameters carry no null
 * annotations (a non-null default would redefine them illegally), and their widgets are fields made in
 * {@code createPartControl}, not in constructors. Parameters and fields that must not be null say so.
 */
@NonNullByDefault({ DefaultLocation.RETURN_TYPE, DefaultLocation.TYPE_ARGUMENT, DefaultLocation.TYPE_BOUND,
		DefaultLocation.ARRAY_CONTENTS })
package io.feedscope.ui.internal;

import org.eclipse.jdt.annotation.DefaultLocation;
import org.eclipse.jdt.annotation.NonNullByDefault;
