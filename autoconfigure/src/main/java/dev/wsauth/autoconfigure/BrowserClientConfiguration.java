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

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnResource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

import dev.wsauth.client.BrowserClientBundle;
import dev.wsauth.client.BrowserClientRequestHandler;

/**
 * The bundled browser client at {@code /wsauth/wsauth-client.js} (an entry module) and
 * {@code /wsauth/wsauth-client.<hash>.js} (the immutable bundle), served through Spring
 * MVC so that the application's security filter chain applies to them as to any page.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "wsauth.client.enabled", matchIfMissing = true)
@ConditionalOnResource(resources = "classpath:" + BrowserClientBundle.LOCATION)
class BrowserClientConfiguration {

	/**
	 * After annotated controllers, so that an application may serve these paths itself,
	 * and before the static resources.
	 */
	private static final int ORDER = 1;

	@Bean
	@ConditionalOnMissingBean
	BrowserClientBundle wsAuthBrowserClientBundle() {
		return BrowserClientBundle.load(BrowserClientConfiguration.class.getClassLoader());
	}

	@Bean
	SimpleUrlHandlerMapping wsAuthBrowserClientHandlerMapping(BrowserClientBundle bundle) {
		BrowserClientRequestHandler handler = new BrowserClientRequestHandler(bundle);
		return new SimpleUrlHandlerMapping(
				Map.of("/wsauth/" + BrowserClientBundle.ENTRY_NAME, handler, "/wsauth/wsauth-client.*.js", handler),
				ORDER);
	}

}
