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

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo JWTs the sample issues at {@code POST /api/token}.
 *
 * @param secret HMAC-SHA256 key that signs and verifies the tokens, at least 32 bytes
 * (UTF-8). The value in {@code application.yml} is a development default; set
 * {@code SAMPLE_JWT_SECRET} anywhere else.
 * @param timeToLive how long an issued token stays valid
 * @author wsauth
 */
@ConfigurationProperties("sample.jwt")
record SampleJwtProperties(@Nullable String secret, @DefaultValue("15m") Duration timeToLive) {

}
