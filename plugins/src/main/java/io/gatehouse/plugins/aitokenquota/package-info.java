/** {@code ai-token-quota} (beyond Kong OSS): model tokens per consumer per minute, hour and day, and a cost budget per hour, day and month. */
@NullMarked
package io.gatehouse.plugins.aitokenquota;

import org.jspecify.annotations.NullMarked;
