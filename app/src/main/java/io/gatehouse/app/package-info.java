/** placeholder */ package io.gatehouse.app;
