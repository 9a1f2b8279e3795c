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

package dev.wsauth.autoconfigure;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.util.function.SingletonSupplier;

import dev.wsauth.receipt.SimpleBrokerReceiptInterceptor;

/**
 * RECEIPT frames for subscriptions, which Spring's simple broker never sends.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "wsauth.receipts.enabled", matchIfMissing = true)
class ReceiptConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SimpleBrokerReceiptInterceptor wsAuthSimpleBrokerReceiptInterceptor(BeanFactory beanFactory) {
		SingletonSupplier<Boolean> simpleBrokerActive = SingletonSupplier
			.of(() -> beanFactory.getBeanProvider(SimpleBrokerMessageHandler.class).getIfAvailable() != null);
		return new SimpleBrokerReceiptInterceptor(WsAuthWiring.clientOutboundChannel(beanFactory),
				simpleBrokerActive::obtain);
	}

}
