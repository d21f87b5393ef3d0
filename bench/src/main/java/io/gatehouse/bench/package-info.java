/** placeholder */ package io.gatehouse.bench;
