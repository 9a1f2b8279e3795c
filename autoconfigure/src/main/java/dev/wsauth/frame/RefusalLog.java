/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.wsauth.frame;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Reports refused frames at WARN at most once per interval for the whole node, and at
 * DEBUG otherwise, so that a client sending garbage cannot fill the log. A line names the
 * kind of refusal and the close code, never the frame, the session or the user.
 */
final class RefusalLog {

	private static final Log logger = LogFactory.getLog(StompFrameGuard.class);

	private final long intervalNanos;

	private final LongSupplier nanoClock;

	private final AtomicLong nextReport;

	private final AtomicInteger suppressed = new AtomicInteger();

	RefusalLog(Duration interval) {
		this(interval, System::nanoTime);
	}

	RefusalLog(Duration interval, LongSupplier nanoClock) {
		this.intervalNanos = interval.toNanos();
		this.nanoClock = nanoClock;
		this.nextReport = new AtomicLong(nanoClock.getAsLong());
	}

	void refused(FrameRefusal refusal) {
		long now = this.nanoClock.getAsLong();
		long next = this.nextReport.get();
		if (now - next >= 0 && this.nextReport.compareAndSet(next, now + this.intervalNanos)) {
			int more = this.suppressed.getAndSet(0);
			if (logger.isWarnEnabled()) {
				logger.warn(line(refusal) + ((more > 0) ? " (" + more + " more since the last report)" : ""));
			}
			return;
		}
		this.suppressed.incrementAndGet();
		if (logger.isDebugEnabled()) {
			logger.debug(line(refusal));
		}
	}

	private static String line(FrameRefusal refusal) {
		return "Refused a STOMP frame: " + refusal.description() + "; closed the connection with "
				+ refusal.status().getCode();
	}

}
