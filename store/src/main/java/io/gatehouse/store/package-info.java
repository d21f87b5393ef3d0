/** placeholder */ package io.gatehouse.store;
