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
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How refused frames reach the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefusalLogTests {

	private final AtomicLong nanos = new AtomicLong(1_000);

	private final RefusalLog log = new RefusalLog(Duration.ofSeconds(10), this.nanos::get);

	@Test
	void theFirstRefusalIsLoggedAtWarnAndTheNextOnesWithinTheIntervalAreNot(CapturedOutput output) {
		this.log.refused(FrameRefusal.UNKNOWN_COMMAND);
		this.log.refused(FrameRefusal.INVALID_HEADER);
		this.nanos.addAndGet(Duration.ofSeconds(9).toNanos());
		this.log.refused(FrameRefusal.TOO_LARGE);
		assertThat(warnings(output))
			.containsExactly("Refused a STOMP frame: the command is unknown; closed the connection with 1002");
	}

	@Test
	void theFirstRefusalAfterTheIntervalIsLoggedWithTheCountOfThoseNotReported(CapturedOutput output) {
		this.log.refused(FrameRefusal.UNKNOWN_COMMAND);
		this.log.refused(FrameRefusal.INVALID_HEADER);
		this.log.refused(FrameRefusal.INVALID_HEADER);
		this.nanos.addAndGet(Duration.ofSeconds(10).toNanos());
		this.log.refused(FrameRefusal.TOO_LARGE);
		assertThat(warnings(output)).last()
			.isEqualTo("Refused a STOMP frame: the frame is larger than the frame size limit; "
					+ "closed the connection with 1009 (2 more since the last report)");
	}

	private static List<String> warnings(CapturedOutput output) {
		return output.getOut()
			.lines()
			.filter((line) -> line.contains("WARN"))
			.map((line) -> line.substring(line.indexOf("Refused a STOMP frame")))
			.toList();
	}

}
