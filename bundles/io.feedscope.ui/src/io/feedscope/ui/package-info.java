/**
 * FeedScope workbench: views over the capture, dissection and analysis stages. Views never parse
 * bytes; they ask the stages below.
 */
@NonNullByDefault
package io.feedscope.ui;

import org.eclipse.jdt.annotation.NonNullByDefault;
