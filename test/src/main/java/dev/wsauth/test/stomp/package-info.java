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

/**
 * A STOMP test client for {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} tests
 * that connects as a given user without a login form, and AssertJ assertions on what the
 * server answered: allowed by receipt, denied with a reason, closed with a code, a
 * message received.
 */
@NullMarked
package dev.wsauth.test.stomp;

import org.jspecify.annotations.NullMarked;
