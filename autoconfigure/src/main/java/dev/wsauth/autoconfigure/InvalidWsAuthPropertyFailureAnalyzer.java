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

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidWsAuthPropertyException} as Spring Boot reports its own
 * configuration errors: the property, what is wrong, and the fix.
 *
 * @author wsauth
 */
class InvalidWsAuthPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidWsAuthPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidWsAuthPropertyException cause) {
		String description = "The wsauth property '" + cause.getProperty() + "' is invalid: " + cause.getReason();
		return new FailureAnalysis(description, cause.getAction(), cause);
	}

}
