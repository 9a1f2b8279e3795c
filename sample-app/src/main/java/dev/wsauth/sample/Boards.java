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

import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Board membership. Referenced from topic rules as {@code @boards}.
 *
 * @author wsauth
 */
@Component("boards")
public class Boards {

	private static final Map<String, Set<String>> MEMBERS = Map.of("b1", Set.of("alice", "bob"), "b2", Set.of("bob"));

	/**
	 * Return whether a user is a member of a board.
	 * @param userName the user name
	 * @param boardId the board id
	 * @return {@code true} if a member
	 */
	public boolean isMember(String userName, String boardId) {
		return MEMBERS.getOrDefault(boardId, Set.of()).contains(userName);
	}

}
