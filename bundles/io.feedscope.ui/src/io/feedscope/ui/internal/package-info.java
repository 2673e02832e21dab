/** Implementation of the workbench (application, perspective, views, handlers); exported to tests only.
 */
@NonNullByDefault
package io.feedscope.ui.internal;

import org.eclipse.jdt.annotation.NonNullByDefault;
