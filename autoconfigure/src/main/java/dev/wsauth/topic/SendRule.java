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

package dev.wsauth.topic;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the method as the rule for SEND frames to destinations matching a pattern. The
 * method must also carry {@code @PreAuthorize}; its parameters receive the pattern's
 * variables by name (or by {@code @DestinationVariable}), converted to their declared
 * types, and the expression refers to them as {@code #name}. The method is never invoked.
 *
 * <pre class="code">
 * &#064;SendRule("/app/boards.{boardId}.typing")
 * &#064;PreAuthorize("&#064;boards.isMember(authentication.name, #boardId)")
 * void typing(String boardId) {
 * }
 * </pre>
 *
 * @author wsauth
 * @since 0.1.0
 * @see SubscribeRule
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SendRule {

	/**
	 * The destination pattern, such as {@code /app/boards.{boardId}.typing}.
	 * @return the pattern
	 */
	String value();

}
