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

package dev.wsauth.test.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.security.core.userdetails.UserDetailsService;

import dev.wsauth.autoconfigure.WsAuthAutoConfiguration;
import dev.wsauth.test.rules.DestinationRules;
import dev.wsauth.test.stomp.WsAuthTestClient;
import dev.wsauth.topic.DestinationAuthorizationManager;

/**
 * Test auto-configuration of a {@link WsAuthTestClient} and the application's
 * {@link DestinationRules}. Imported by {@link AutoConfigureWsAuthTestClient}, never by
 * an application.
 *
 * @author wsauth
 * @since 0.1.0
 */
@AutoConfiguration(after = WsAuthAutoConfiguration.class)
public final class WsAuthTestClientAutoConfiguration {

	@Bean
	@Lazy
	@ConditionalOnMissingBean
	WsAuthTestClient wsAuthTestClient(ApplicationContext context) {
		return WsAuthTestClient.create(context);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(DestinationAuthorizationManager.class)
	DestinationRules wsAuthDestinationRules(DestinationAuthorizationManager manager,
			ObjectProvider<UserDetailsService> users) {
		return new DestinationRules(manager, users.getIfUnique());
	}

}
