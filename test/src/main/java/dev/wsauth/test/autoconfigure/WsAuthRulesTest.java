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

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;

/**
 * Annotation for a test of destination rules without a server: the whole application
 * context starts in a mock web environment (no port is opened), so that rules and the
 * beans their expressions reference ({@code @boards.isMember(...)}) are the real ones,
 * and {@link dev.wsauth.test.rules.DestinationRules} can be injected.
 *
 * @author wsauth
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@AutoConfigureWsAuthTestClient
public @interface WsAuthRulesTest {

	/**
	 * Properties in {@code key=value} form added to the environment before the context
	 * starts.
	 * @return the properties
	 */
	@AliasFor(annotation = SpringBootTest.class)
	String[] properties() default {};

	/**
	 * Component classes that load the context, when the application class is not found by
	 * searching the test's package and its parents.
	 * @return the classes
	 */
	@AliasFor(annotation = SpringBootTest.class)
	Class<?>[] classes() default {};

}
