/** placeholder */ package io.gatehouse.core;
