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

package dev.wsauth.sample;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Component;

import dev.wsauth.topic.SendRule;
import dev.wsauth.topic.SubscribeRule;

/**
 * Who may read and write each board. The methods are never called: their annotations are
 * the rules, and their parameters receive the destination variables.
 *
 * @author wsauth
 */
@Component
class BoardRules {

	@SubscribeRule("/topic/boards.{boardId}")
	@PreAuthorize("@boards.isMember(authentication.name, #boardId) or hasRole('ADMIN')")
	void readBoard(String boardId) {
	}

	@SendRule("/app/boards.{boardId}.typing")
	@PreAuthorize("@boards.isMember(authentication.name, #boardId)")
	void type(String boardId) {
	}

	@SendRule("/app/boards.{boardId}.join")
	@PreAuthorize("@boards.isMember(authentication.name, #boardId) or hasRole('ADMIN')")
	void join(String boardId) {
	}

}
