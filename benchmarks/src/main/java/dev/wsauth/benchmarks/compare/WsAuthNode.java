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

package dev.wsauth.benchmarks.compare;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;

/**
 * Variant C: the same application with the wsauth starter: form login and Spring Session
 * in memory as variant B, the STOMP configuration as variant A, and the destination rules
 * as {@code wsauth.authorization.rules[*]} properties (set by {@link CompareNodes}).
 *
 * @author wsauth
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration(
		excludeName = { "org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration" })
@EnableWebSocketMessageBroker
@EnableSpringHttpSession
@Import({ CompareNodes.StompConfiguration.class, CompareNodes.SecuredHttpConfiguration.class,
		CompareNodes.BenchController.class, CompareNodes.PingController.class })
public class WsAuthNode {

}
